package org.kycorchestrator.emitter.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;
import org.kycorchestrator.schemas.webhooks.WebhookRequest;
import org.kycorchestrator.schemas.webhooks.WebhookRequestType;

/**
 * One job's REPLAY requests to the scheduler on {@code kyc.webhooks.requests}, each keyed by its
 * customer so that it lands in the partition holding that customer's queues. Sends do not wait;
 * {@link #awaitAcknowledged()} waits for them all at the end of the job, so a large replay does not
 * pay a round trip per webhook.
 */
final class ReplayedRequests {

    private final Producer<byte[], byte[]> producer;
    private final Topic<WebhookRequest> topic;
    private final String endpointId;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private int sent;

    ReplayedRequests(final Producer<byte[], byte[]> producer, final Topic<WebhookRequest> topic, final String endpointId) {
        this.producer = Objects.requireNonNull(producer, "producer cannot be null");
        this.topic = Objects.requireNonNull(topic, "topic cannot be null");
        this.endpointId = Objects.requireNonNull(endpointId, "endpointId cannot be null");
    }

    void send(final WebhookMessage message, final Instant requestedAt) {
        final WebhookRequest request = WebhookRequest.newBuilder()
                .setType(WebhookRequestType.REPLAY)
                .setEndpointId(endpointId)
                .setMessage(message)
                .setRequestedAt(requestedAt)
                .build();
        producer.send(new ProducerRecord<>(topic.name(), message.getSubject().getBytes(StandardCharsets.UTF_8),
                topic.valueSerde().serializer().serialize(topic.name(), request)), (metadata, error) -> {
                    if (error != null) {
                        firstFailure.compareAndSet(null, error);
                    }
                });
        sent++;
    }

    /** How many requests were sent. */
    int sent() {
        return sent;
    }

    /** Returns once the broker has every request sent; throws if any of them was not written. */
    void awaitAcknowledged() {
        // flush() returns only after every send so far completed and its callback ran.
        producer.flush();
        final Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IllegalStateException("cannot write to " + topic.name(), failure);
        }
    }
}
