package org.kycorchestrator.emitter;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.kycorchestrator.emitter.delivery.DeliveryResult;
import org.kycorchestrator.kafka.DeadLetters;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.schemas.deadletters.DeadLetter;

/**
 * Writes a webhook that could not be delivered to {@code kyc.webhooks.dlq}: one letter per event and
 * endpoint, keyed by customer id, holding the original status record so it can be replayed. The
 * endpoint id also travels as the header {@value #ENDPOINT_HEADER}, so a replay can pick one
 * endpoint's letters without reading every value.
 */
final class WebhookDeadLetters {

    static final String ENDPOINT_HEADER = "kyc-endpoint-id";

    private final String component;
    private final Topic<DeadLetter> topic;
    private final Producer<byte[], byte[]> producer;

    WebhookDeadLetters(final String component, final KycTopics topics, final Producer<byte[], byte[]> producer) {
        this.component = Objects.requireNonNull(component, "component cannot be null");
        this.topic = Topic.of(TopicNames.WEBHOOKS_DLQ, topics.serde(DeadLetter.class));
        this.producer = Objects.requireNonNull(producer, "producer cannot be null");
    }

    /** Completes once the broker has the letter, so the source offset may then be committed. */
    CompletableFuture<Void> send(final ConsumerRecord<byte[], byte[]> source, final DeliveryResult result) {
        final String key = source.key() == null ? null : new String(source.key(), StandardCharsets.UTF_8);
        final DeadLetter letter = DeadLetters.letter(component, source.topic(), source.partition(), source.offset(),
                key, source.value(), reason(result));
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic.name(), source.key(),
                topic.valueSerde().serializer().serialize(topic.name(), letter));
        record.headers().add(ENDPOINT_HEADER, result.endpointId().getBytes(StandardCharsets.UTF_8));
        final CompletableFuture<Void> written = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                written.complete(null);
            } else {
                written.completeExceptionally(new IllegalStateException("cannot write to " + topic.name(), error));
            }
        });
        return written;
    }

    static String reason(final DeliveryResult result) {
        return "webhook to endpoint " + result.endpointId() + " failed after " + result.attempts()
                + " attempt(s); last: " + result.lastFailure();
    }
}
