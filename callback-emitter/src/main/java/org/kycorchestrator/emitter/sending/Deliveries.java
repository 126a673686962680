package org.kycorchestrator.emitter.sending;

import java.time.Instant;

import org.kycorchestrator.emitter.delivery.AttemptOutcome;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.WebhookAttempt;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;

/** Writes down how an attempt ended, as the delivery log's {@link WebhookDelivery}. Pure. */
final class Deliveries {

    static final String DISABLED = "the endpoint is disabled";
    static final String DELETED = "the endpoint does not exist";

    private Deliveries() {
    }

    /** An attempt that was sent: its answer, or why there was none. */
    static WebhookDelivery sent(final WebhookAttempt attempt, final Instant attemptedAt, final AttemptOutcome outcome,
                                final long latencyMillis) {
        return of(attempt, attemptedAt, outcomeOf(outcome))
                .setStatusCode(outcome.answered() ? outcome.statusCode() : null)
                .setLatencyMillis(latencyMillis)
                .setError(outcome.failure())
                .setResponseBody(outcome.responseBody())
                .setRetryAfterMillis(outcome.retryAfter() == null ? null : outcome.retryAfter().toMillis())
                .build();
    }

    /** An attempt that was not sent, because its endpoint is disabled. */
    static WebhookDelivery endpointDisabled(final WebhookAttempt attempt, final Instant at, final String disabledReason) {
        final String error = disabledReason == null ? DISABLED : DISABLED + " (" + disabledReason + ")";
        return of(attempt, at, DeliveryOutcome.ENDPOINT_DISABLED).setLatencyMillis(0).setError(error).build();
    }

    /** An attempt that was not sent, because its endpoint no longer exists. */
    static WebhookDelivery endpointDeleted(final WebhookAttempt attempt, final Instant at) {
        return of(attempt, at, DeliveryOutcome.ENDPOINT_DELETED).setLatencyMillis(0).setError(DELETED).build();
    }

    /** DELIVERED for a 2xx, GONE for a 410, FAILED for any other answer or none. */
    static DeliveryOutcome outcomeOf(final AttemptOutcome outcome) {
        if (outcome.succeeded()) {
            return DeliveryOutcome.DELIVERED;
        }
        return outcome.gone() ? DeliveryOutcome.GONE : DeliveryOutcome.FAILED;
    }

    private static WebhookDelivery.Builder of(final WebhookAttempt attempt, final Instant attemptedAt, final DeliveryOutcome outcome) {
        final WebhookMessage message = attempt.getMessage();
        return WebhookDelivery.newBuilder()
                .setAttemptId(attempt.getAttemptId())
                .setEndpointId(attempt.getEndpointId())
                .setTenantId(message.getTenantId())
                .setSubject(message.getSubject())
                .setMessageId(message.getId())
                .setEventType(message.getType())
                .setAttempt(attempt.getAttempt())
                .setAttemptedAt(attemptedAt)
                .setOutcome(outcome);
    }
}
