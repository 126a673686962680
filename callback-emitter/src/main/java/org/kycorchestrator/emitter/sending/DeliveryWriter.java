package org.kycorchestrator.emitter.sending;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.Producer;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;

/**
 * Writes how each attempt ended to {@code kyc.webhooks.deliveries}, keyed by the customer id
 * (subject) like every webhook topic, so the scheduler reads it on the partition of that customer's
 * queue. The topic is also the delivery log merchants look at.
 */
final class DeliveryWriter {

    private final Topic<WebhookDelivery> topic;
    private final Producer<byte[], byte[]> producer;

    DeliveryWriter(final Topic<WebhookDelivery> topic, final Producer<byte[], byte[]> producer) {
        this.topic = Objects.requireNonNull(topic, "topic cannot be null");
        this.producer = Objects.requireNonNull(producer, "producer cannot be null");
    }

    /** Completes once the broker acknowledged the record. */
    CompletableFuture<Void> write(final WebhookDelivery delivery) {
        return Acknowledged.write(producer, topic, delivery.getSubject(), delivery);
    }
}
