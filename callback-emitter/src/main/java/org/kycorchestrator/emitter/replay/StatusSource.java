package org.kycorchestrator.emitter.replay;

import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.emitter.messages.WebhookMessages;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;

/** Replays from {@code kyc.status}: the events of the endpoint's tenant whose type it subscribed to. */
final class StatusSource implements ReplaySource {

    private final String topic;
    private final Deserializer<KycStatusEvent> events;

    StatusSource(final Topic<KycStatusEvent> status) {
        Objects.requireNonNull(status, "status cannot be null");
        this.topic = status.name();
        this.events = status.valueSerde().deserializer();
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public Optional<WebhookMessage> messageFor(final WebhookEndpoint endpoint, final ConsumerRecord<byte[], byte[]> record) {
        final KycStatusEvent event = events.deserialize(record.topic(), record.value());
        if (event == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        if (!EndpointTable.subscribes(endpoint, event.getTenantId(), event.getType())) {
            return Optional.empty();
        }
        return Optional.of(WebhookMessages.fromStatus(event));
    }
}
