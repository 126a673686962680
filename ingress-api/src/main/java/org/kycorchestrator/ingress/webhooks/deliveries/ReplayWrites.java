package org.kycorchestrator.ingress.webhooks.deliveries;

import java.util.concurrent.CompletableFuture;

import org.kycorchestrator.schemas.webhooks.ReplayRequest;

/**
 * Writes a replay request to {@code kyc.webhooks.replays}, keyed by its endpoint id. Completes once
 * Kafka acknowledged it, and fails with an {@link org.kycorchestrator.ingress.http.ApiError} otherwise.
 */
@FunctionalInterface
public interface ReplayWrites {

    CompletableFuture<Void> write(String endpointId, ReplayRequest request);
}
