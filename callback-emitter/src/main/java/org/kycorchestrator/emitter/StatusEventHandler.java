package org.kycorchestrator.emitter;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.kycorchestrator.emitter.delivery.DeliveryResult;
import org.kycorchestrator.emitter.delivery.RetryingDelivery;
import org.kycorchestrator.emitter.delivery.OutgoingWebhook;
import org.kycorchestrator.emitter.delivery.WebhookTarget;
import org.kycorchestrator.emitter.endpoints.EndpointSecrets;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.emitter.messages.StatusEventPayload;
import org.kycorchestrator.emitter.signing.WebhookSigner;
import org.kycorchestrator.kafka.DeadLetters;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * What happens to one record of {@code kyc.status}: the event goes to every endpoint subscribed to
 * it, all at once; each delivery that fails for good becomes a letter on {@code kyc.webhooks.dlq}. An
 * endpoint that answers 410 Gone is also disabled for good (see {@link EndpointDisabler}). A
 * record that is not a status event goes to the component's dead-letter topic instead.
 *
 * <p>The returned future completes when every delivery has succeeded or been dead-lettered, which is
 * when the record's offset may be committed. It fails if a letter could not be written, or if the
 * work was cancelled; then the record must be processed again.
 */
final class StatusEventHandler {

    private final EndpointTable endpoints;
    private final RetryingDelivery delivery;
    private final DeadLetters badRecords;
    private final WebhookDeadLetters failedWebhooks;
    private final EndpointDisabler disabler;
    private final Clock clock;

    StatusEventHandler(final EndpointTable endpoints, final RetryingDelivery delivery,
                       final DeadLetters badRecords, final WebhookDeadLetters failedWebhooks,
                       final EndpointDisabler disabler, final Clock clock) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
        this.delivery = Objects.requireNonNull(delivery, "delivery cannot be null");
        this.badRecords = Objects.requireNonNull(badRecords, "badRecords cannot be null");
        this.failedWebhooks = Objects.requireNonNull(failedWebhooks, "failedWebhooks cannot be null");
        this.disabler = Objects.requireNonNull(disabler, "disabler cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    CompletableFuture<Void> handle(final ConsumerRecord<byte[], byte[]> record, final KycStatusEvent event,
                                   final BooleanSupplier cancelled) {
        final List<WebhookEndpoint> subscribers;
        final OutgoingWebhook message;
        try {
            subscribers = endpoints.subscribers(event.getTenantId(), event.getType());
            message = new OutgoingWebhook(event.getEventId(), StatusEventPayload.json(event));
        } catch (RuntimeException e) {
            // The same record would fail the same way every time, so it must not hold up its partition.
            return reject(record, "cannot make a webhook of the event: " + e);
        }
        if (subscribers.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(subscribers.stream()
                .map(endpoint -> deliver(record, message, endpoint, cancelled))
                .toArray(CompletableFuture[]::new));
    }

    /** Dead-letters a record that cannot be delivered at all; blocks until the letter is written. */
    CompletableFuture<Void> reject(final ConsumerRecord<byte[], byte[]> record, final String reason) {
        badRecords.send(record, reason);
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> deliver(final ConsumerRecord<byte[], byte[]> record, final OutgoingWebhook message,
                                            final WebhookEndpoint endpoint, final BooleanSupplier cancelled) {
        final WebhookTarget target;
        try {
            // The secrets are chosen once per event: its retries keep them, even past a rotation's overlap.
            target = new WebhookTarget(endpoint.getId(), endpoint.getUrl(),
                    WebhookSigner.of(EndpointSecrets.signingAt(endpoint, clock.instant())));
        } catch (IllegalArgumentException e) {
            return failedWebhooks.send(record, new DeliveryResult(endpoint.getId(), DeliveryResult.Status.FAILED, 0, e.getMessage()));
        }
        return delivery.deliver(message, target, cancelled).thenCompose(result -> switch (result.status()) {
            case DELIVERED -> CompletableFuture.<Void>completedFuture(null);
            case FAILED -> failedWebhooks.send(record, result);
            // Dead-lettered too, so it can be replayed once the merchant enables the endpoint again. Both
            // writes start here: a send from a producer callback could wait on that very I/O thread.
            case GONE -> CompletableFuture.allOf(disabler.disable(target), failedWebhooks.send(record, result));
            case CANCELLED -> CompletableFuture.<Void>failedFuture(
                    new CancellationException("delivery of " + message.id() + " to endpoint " + endpoint.getId() + " was cancelled"));
        });
    }
}
