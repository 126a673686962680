package org.kycorchestrator.ingress.webhooks;

import java.util.concurrent.CompletableFuture;

import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * Writes an endpoint's new version to {@code kyc.webhook-endpoints}, keyed by its id; {@code null}
 * writes the tombstone that deletes it. Completes once Kafka acknowledged the record, and fails with
 * an {@link org.kycorchestrator.ingress.http.ApiError} otherwise.
 */
@FunctionalInterface
public interface EndpointWrites {

    CompletableFuture<Void> write(String endpointId, WebhookEndpoint endpoint);
}
