package org.kycorchestrator.ingress.webhooks;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.kycorchestrator.ingress.kafka.Publisher;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.webhooks.WebhookRequest;
import org.kycorchestrator.schemas.webhooks.WebhookRequestType;

/**
 * Tells the webhook scheduler that an endpoint was enabled, so that every queue it holds for the
 * endpoint is delivered: a RELEASE {@code WebhookRequest} on every partition of
 * {@code kyc.webhooks.requests}, because the endpoint's queues live in every partition's task.
 * Completes once Kafka acknowledged all of them, and fails with an
 * {@link org.kycorchestrator.ingress.http.ApiError} otherwise.
 */
@FunctionalInterface
public interface EndpointReleases {

    CompletableFuture<Void> release(String endpointId);

    /** Releases written with the API's publisher, stamped with the clock's time. */
    static EndpointReleases onKafka(final Publisher publisher, final Topic<WebhookRequest> requests, final Clock clock) {
        Objects.requireNonNull(publisher, "publisher cannot be null");
        Objects.requireNonNull(requests, "requests cannot be null");
        Objects.requireNonNull(clock, "clock cannot be null");
        return endpointId -> publisher.publishToEveryPartition(requests, endpointId, WebhookRequest.newBuilder()
                .setType(WebhookRequestType.RELEASE)
                .setEndpointId(endpointId)
                .setMessage(null)
                .setRequestedAt(clock.instant())
                .build());
    }
}
