package org.kycorchestrator.emitter.endpoints;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * The secrets that sign a webhook to an endpoint at a given moment. After a rotation the merchant
 * may still verify with the old secret until {@code previousSecretExpiresAt}, so until then both
 * sign (new one first); from that instant on only the new one does.
 */
public final class EndpointSecrets {

    private EndpointSecrets() {
    }

    public static List<String> signingAt(final WebhookEndpoint endpoint, final Instant now) {
        Objects.requireNonNull(endpoint, "endpoint cannot be null");
        Objects.requireNonNull(now, "now cannot be null");
        final String previous = endpoint.getPreviousSecret();
        final Instant expiresAt = endpoint.getPreviousSecretExpiresAt();
        if (previous == null || expiresAt == null || !now.isBefore(expiresAt)) {
            return List.of(endpoint.getSecret());
        }
        return List.of(endpoint.getSecret(), previous);
    }
}
