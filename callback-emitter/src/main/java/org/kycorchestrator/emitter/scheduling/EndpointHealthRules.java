package org.kycorchestrator.emitter.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.kycorchestrator.schemas.webhooks.EndpointHealth;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * When an endpoint has failed for too long: every attempt to it failed (no 2xx) since
 * {@code failingSince}, and that is at least {@code disableAfter} ago. Only attempts actually made
 * count; failures from before the endpoint was last enabled do not. A pure function of the
 * endpoint's health, one attempt's result and the endpoint.
 */
public final class EndpointHealthRules {

    /** Why an endpoint disabled by these rules is disabled. */
    public static final String REASON = "failing";

    private final Duration disableAfter;

    public EndpointHealthRules(final Duration disableAfter) {
        this.disableAfter = Objects.requireNonNull(disableAfter, "disableAfter cannot be null");
    }

    /** The endpoint's health after the attempt, and whether the endpoint must be disabled now. */
    public record Step(EndpointHealth health, boolean disable) {
    }

    /**
     * @param before   the health so far, {@code null} when nothing is known
     * @param endpoint the endpoint now, {@code null} when it was deleted
     */
    public Step apply(final EndpointHealth before, final WebhookDelivery delivery, final WebhookEndpoint endpoint) {
        if (endpoint == null) {
            return new Step(null, false);
        }
        final Instant at = delivery.getAttemptedAt();
        return switch (delivery.getOutcome()) {
            case DELIVERED -> new Step(health(endpoint.getId(), null, at), false);
            case FAILED, GONE -> failed(before, endpoint, at);
            case ENDPOINT_DISABLED, ENDPOINT_DELETED -> new Step(before, false);
        };
    }

    private Step failed(final EndpointHealth before, final WebhookEndpoint endpoint, final Instant at) {
        final Instant lastSuccess = before == null ? null : before.getLastSuccessAt();
        Instant since = before == null ? null : before.getFailingSince();
        if (since == null || (endpoint.getEnabledAt() != null && endpoint.getEnabledAt().isAfter(since))) {
            since = at;
        }
        if (endpoint.getEnabled() && !at.isBefore(since.plus(disableAfter))) {
            // Counting starts again if the merchant enables it once more.
            return new Step(health(endpoint.getId(), null, lastSuccess), true);
        }
        return new Step(health(endpoint.getId(), since, lastSuccess), false);
    }

    private static EndpointHealth health(final String endpointId, final Instant failingSince, final Instant lastSuccessAt) {
        return EndpointHealth.newBuilder().setEndpointId(endpointId).setFailingSince(failingSince)
                .setLastSuccessAt(lastSuccessAt).build();
    }
}
