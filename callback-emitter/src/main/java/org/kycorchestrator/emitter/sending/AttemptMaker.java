package org.kycorchestrator.emitter.sending;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.kycorchestrator.emitter.delivery.AttemptOutcome;
import org.kycorchestrator.emitter.delivery.OutgoingWebhook;
import org.kycorchestrator.emitter.delivery.WebhookSender;
import org.kycorchestrator.emitter.delivery.WebhookTarget;
import org.kycorchestrator.emitter.endpoints.EndpointSecrets;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.emitter.signing.WebhookSigner;
import org.kycorchestrator.schemas.webhooks.WebhookAttempt;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;

/**
 * Makes one attempt the scheduler asked for and says how it ended. An endpoint that is gone from
 * the table or disabled gets nothing; otherwise, once the endpoint has room ({@link EndpointRoom}),
 * the message goes out signed with the secrets valid at that moment. The endpoint is looked up again
 * when the room is found, so an endpoint disabled, changed or deleted meanwhile is honoured.
 *
 * <p>Everything but the HTTP exchange itself runs on the scheduler; no thread waits for an
 * endpoint. The returned future completes normally unless the scheduler stopped.
 */
final class AttemptMaker {

    private final EndpointTable endpoints;
    private final WebhookSender sender;
    private final EndpointRoom room;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    AttemptMaker(final EndpointTable endpoints, final WebhookSender sender, final EndpointRoom room,
                 final ScheduledExecutorService scheduler, final Clock clock) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
        this.sender = Objects.requireNonNull(sender, "sender cannot be null");
        this.room = Objects.requireNonNull(room, "room cannot be null");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /** How an attempt ended, and the endpoint as it was sent to ({@code null} if nothing was sent). */
    record Made(WebhookDelivery delivery, WebhookEndpoint sentTo) {
    }

    CompletableFuture<Made> make(final WebhookAttempt attempt) {
        return CompletableFuture.supplyAsync(() -> notSendable(attempt), scheduler)
                .thenCompose(refused -> refused.map(CompletableFuture::completedFuture)
                        .orElseGet(() -> endpoints.find(attempt.getEndpointId())
                                .map(endpoint -> room.enter(endpoint).thenCompose(slot -> send(attempt, slot)))
                                .orElseGet(() -> CompletableFuture.completedFuture(
                                        new Made(Deliveries.endpointDeleted(attempt, clock.instant()), null)))));
    }

    /** Why the attempt must not be sent now, as its delivery record; empty if it may be. */
    private Optional<Made> notSendable(final WebhookAttempt attempt) {
        final Optional<WebhookEndpoint> endpoint = endpoints.find(attempt.getEndpointId());
        if (endpoint.isEmpty()) {
            return Optional.of(new Made(Deliveries.endpointDeleted(attempt, clock.instant()), null));
        }
        if (!endpoint.get().getEnabled()) {
            return Optional.of(new Made(Deliveries.endpointDisabled(attempt, clock.instant(), endpoint.get().getDisabledReason()), null));
        }
        return Optional.empty();
    }

    private CompletableFuture<Made> send(final WebhookAttempt attempt, final EndpointRoom.Slot slot) {
        final Optional<Made> refused = notSendable(attempt);
        if (refused.isPresent()) {
            slot.unused();
            return CompletableFuture.completedFuture(refused.get());
        }
        final WebhookEndpoint endpoint = endpoints.find(attempt.getEndpointId()).orElseThrow();
        final WebhookMessage message = attempt.getMessage();
        final Instant attemptedAt = clock.instant();
        final long startedNanos = System.nanoTime();
        CompletableFuture<AttemptOutcome> answered;
        try {
            final WebhookTarget target = new WebhookTarget(endpoint.getId(), endpoint.getUrl(),
                    WebhookSigner.of(EndpointSecrets.signingAt(endpoint, attemptedAt)));
            answered = sender.send(new OutgoingWebhook(message.getId(), message.getPayload()), target);
        } catch (RuntimeException e) {
            // A secret that does not decode, say: this attempt fails like any other, nothing hangs.
            answered = CompletableFuture.completedFuture(AttemptOutcome.unanswered(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        // The slot is given back on the thread the answer arrives on, so a busy scheduler cannot hold it.
        return answered.handle((outcome, error) -> {
            final long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
            slot.ended();
            return new Answered(error == null ? outcome : AttemptOutcome.unanswered(error.toString()), latencyMillis);
        }).thenApplyAsync(answer -> new Made(Deliveries.sent(attempt, attemptedAt, answer.outcome(), answer.latencyMillis()), endpoint),
                scheduler);
    }

    private record Answered(AttemptOutcome outcome, long latencyMillis) {
    }
}
