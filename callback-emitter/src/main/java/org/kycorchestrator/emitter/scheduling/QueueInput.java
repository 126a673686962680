package org.kycorchestrator.emitter.scheduling;

import java.util.Objects;

import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;

/** What can happen to the queue of one (endpoint, customer). */
public sealed interface QueueInput {

    /** A webhook to deliver after everything already queued: a new event, or a replayed one. */
    record Enqueue(WebhookMessage message) implements QueueInput {
        public Enqueue {
            Objects.requireNonNull(message, "message cannot be null");
        }
    }

    /** The sender made an attempt, and this is how it ended. */
    record AttemptEnded(WebhookDelivery delivery) implements QueueInput {
        public AttemptEnded {
            Objects.requireNonNull(delivery, "delivery cannot be null");
        }
    }

    /** The queue's {@code dueAt} has passed. */
    record Due() implements QueueInput {
    }

    /** The endpoint was enabled: what it holds may go. */
    record Release() implements QueueInput {
    }
}
