package org.kycorchestrator.emitter.scheduling;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.kycorchestrator.schemas.webhooks.WebhookAttempt;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;
import org.kycorchestrator.schemas.webhooks.WebhookQueue;

/**
 * What one input did to a queue: the queue after it ({@code null} once it is empty), whether it
 * changed, the attempts to ask the sender for and the webhooks given up on.
 */
public record QueueStep(WebhookQueue queue, boolean changed, List<WebhookAttempt> attempts, List<GivenUp> givenUp) {

    public QueueStep {
        attempts = List.copyOf(attempts);
        givenUp = List.copyOf(givenUp);
    }

    /** A webhook that will not be sent again unless it is replayed: dead-lettered with its reason. */
    public record GivenUp(String endpointId, WebhookMessage message, String reason) {
        public GivenUp {
            Objects.requireNonNull(endpointId, "endpointId cannot be null");
            Objects.requireNonNull(message, "message cannot be null");
            Objects.requireNonNull(reason, "reason cannot be null");
        }
    }

    static QueueStep unchanged(final WebhookQueue queue) {
        return new QueueStep(queue, false, List.of(), List.of());
    }

    public Optional<WebhookQueue> queueAfter() {
        return Optional.ofNullable(queue);
    }
}
