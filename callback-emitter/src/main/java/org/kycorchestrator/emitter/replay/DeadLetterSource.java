package org.kycorchestrator.emitter.replay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.kycorchestrator.emitter.messages.WebhookMessages;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;

/**
 * Replays from {@code kyc.webhooks.dlq}: the endpoint's dead letters, picked by their
 * {@value #ENDPOINT_HEADER} header so other endpoints' letters are never decoded. Two letter formats
 * live on the topic: those of the scheduler hold the {@link WebhookMessage} that was given up
 * (source topic {@code kyc.webhooks.attempts}); older ones, written before webhooks were scheduled,
 * hold the {@link KycStatusEvent} they were made of (source topic {@code kyc.status}).
 */
final class DeadLetterSource implements ReplaySource {

    /** The header naming the endpoint a webhook dead letter was meant for. */
    static final String ENDPOINT_HEADER = WebhookMessages.DEAD_LETTER_ENDPOINT_HEADER;

    private final Deserializer<DeadLetter> letters;
    private final Deserializer<WebhookMessage> messages;
    private final Deserializer<KycStatusEvent> events;

    DeadLetterSource(final KycTopics topics) {
        Objects.requireNonNull(topics, "topics cannot be null");
        this.letters = topics.serde(DeadLetter.class).deserializer();
        this.messages = topics.serde(WebhookMessage.class).deserializer();
        this.events = topics.status().valueSerde().deserializer();
    }

    @Override
    public String topic() {
        return TopicNames.WEBHOOKS_DLQ;
    }

    @Override
    public Optional<WebhookMessage> messageFor(final WebhookEndpoint endpoint, final ConsumerRecord<byte[], byte[]> record) {
        final Header header = record.headers().lastHeader(ENDPOINT_HEADER);
        if (header == null || !endpoint.getId().equals(new String(header.value(), StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        final DeadLetter letter = letters.deserialize(record.topic(), record.value());
        if (letter == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        final WebhookMessage message = message(letter);
        // Even a mislabelled letter never carries one tenant's webhook to another tenant's endpoint.
        return Optional.of(message).filter(m -> m.getTenantId().equals(endpoint.getTenantId()));
    }

    private WebhookMessage message(final DeadLetter letter) {
        if (letter.getPayload() == null) {
            throw new IllegalArgumentException("the dead letter has no payload");
        }
        final byte[] payload = bytes(letter.getPayload());
        return switch (letter.getSourceTopic()) {
            case TopicNames.WEBHOOK_ATTEMPTS -> required(messages.deserialize(letter.getSourceTopic(), payload));
            case TopicNames.STATUS -> WebhookMessages.fromStatus(required(events.deserialize(letter.getSourceTopic(), payload)));
            default -> throw new IllegalArgumentException("a dead letter from " + letter.getSourceTopic() + " is not a webhook");
        };
    }

    private static <T> T required(final T value) {
        if (value == null) {
            throw new IllegalArgumentException("the dead letter's payload is empty");
        }
        return value;
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
