package org.kycorchestrator.emitter.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

import io.github.resilience4j.bulkhead.Bulkhead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a message to one endpoint, retrying by a {@link RetrySchedule}. No thread waits: each
 * attempt is scheduled on a {@link ScheduledExecutorService} and continues when its HTTP answer
 * arrives. The returned future always completes normally, with how the delivery ended. A 429 or 503
 * with {@code Retry-After} makes the next wait the longer of the schedule's and the endpoint's (at
 * most {@link RetryAfter#MAX}). A 410 Gone ends the delivery at once as
 * {@link DeliveryResult.Status#GONE}. Each endpoint's requests in flight and starts per second are
 * limited by {@link EndpointLimits}; an attempt that finds no room is scheduled for later.
 *
 * <p>Retries are kept in memory only. If the process stops mid-schedule, the event was not committed
 * and is delivered again from the first attempt on the next start (same {@code webhook-id}). Durable
 * retry topics are the next step.
 */
public final class RetryingDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingDelivery.class);
    /** How soon an attempt that found its endpoint's requests all in flight looks again. */
    static final Duration WAIT_FOR_SLOT = Duration.ofMillis(50);

    private final WebhookSender sender;
    private final RetrySchedule schedule;
    private final ScheduledExecutorService scheduler;
    private final EndpointLimits limits;
    private final RandomGenerator random;

    /** With the {@linkplain EndpointLimits#defaults() default limits} per endpoint. */
    public RetryingDelivery(final WebhookSender sender, final RetrySchedule schedule, final ScheduledExecutorService scheduler) {
        this(sender, schedule, EndpointLimits.defaults(), scheduler);
    }

    public RetryingDelivery(final WebhookSender sender, final RetrySchedule schedule, final EndpointLimits limits,
                            final ScheduledExecutorService scheduler) {
        // Random, unlike most generators, may be shared between threads.
        this(sender, schedule, limits, scheduler, new Random());
    }

    /** {@code random} draws the jitter added to each wait of the schedule. */
    public RetryingDelivery(final WebhookSender sender, final RetrySchedule schedule, final EndpointLimits limits,
                            final ScheduledExecutorService scheduler, final RandomGenerator random) {
        this.sender = Objects.requireNonNull(sender, "sender cannot be null");
        this.schedule = Objects.requireNonNull(schedule, "schedule cannot be null");
        this.limits = Objects.requireNonNull(limits, "limits cannot be null");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler cannot be null");
        this.random = Objects.requireNonNull(random, "random cannot be null");
    }

    /**
     * Delivers until an attempt succeeds or the schedule runs out. {@code cancelled} is asked before
     * every attempt; once it answers true, the delivery ends as {@link DeliveryResult.Status#CANCELLED}.
     */
    public CompletableFuture<DeliveryResult> deliver(final OutgoingWebhook message, final WebhookTarget target,
                                                     final BooleanSupplier cancelled) {
        Objects.requireNonNull(message, "message cannot be null");
        Objects.requireNonNull(target, "target cannot be null");
        Objects.requireNonNull(cancelled, "cancelled cannot be null");
        final CompletableFuture<DeliveryResult> result = new CompletableFuture<>();
        new Run(message, target, cancelled, result).schedule(1, null, Duration.ZERO);
        return result;
    }

    /** The attempts of one delivery. */
    private final class Run {
        private final OutgoingWebhook message;
        private final WebhookTarget target;
        private final BooleanSupplier cancelled;
        private final CompletableFuture<DeliveryResult> result;

        Run(final OutgoingWebhook message, final WebhookTarget target, final BooleanSupplier cancelled,
            final CompletableFuture<DeliveryResult> result) {
            this.message = message;
            this.target = target;
            this.cancelled = cancelled;
            this.result = result;
        }

        /** Schedules the attempt after its jittered wait, or after {@code atLeast} if that is longer. */
        void schedule(final int attempt, final String lastFailure, final Duration atLeast) {
            final Duration jittered = schedule.jitteredDelayBefore(attempt, random);
            final Duration wait = jittered.compareTo(atLeast) >= 0 ? jittered : atLeast;
            try {
                scheduler.schedule(() -> attempt(attempt, lastFailure), wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // The emitter is shutting down.
                cancel(attempt - 1, lastFailure);
            }
        }

        /**
         * Makes the attempt once the endpoint has room: a request slot ({@link EndpointLimits#inFlight})
         * and a start in its rate ({@link EndpointLimits#starts}). Neither is waited for on a thread;
         * waiting for room is rescheduled and does not count as an attempt.
         */
        private void attempt(final int attempt, final String lastFailure) {
            if (cancelled.getAsBoolean()) {
                cancel(attempt - 1, lastFailure);
                return;
            }
            final Bulkhead inFlight = limits.inFlight(target.endpointId());
            if (!inFlight.tryAcquirePermission()) {
                later(attempt, lastFailure, WAIT_FOR_SLOT);
                return;
            }
            final long startInNanos = limits.starts(target.endpointId()).reservePermission();
            if (startInNanos < 0) {
                // No start free within the reservation window: give the slot back and ask again then.
                inFlight.releasePermission();
                later(attempt, lastFailure, EndpointLimits.LONGEST_RESERVATION);
            } else if (startInNanos == 0) {
                send(attempt, lastFailure, inFlight);
            } else {
                try {
                    scheduler.schedule(() -> send(attempt, lastFailure, inFlight), startInNanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    inFlight.releasePermission();
                    cancel(attempt - 1, lastFailure);
                }
            }
        }

        /** Tries the attempt again after {@code wait}, without counting it. */
        private void later(final int attempt, final String lastFailure, final Duration wait) {
            try {
                scheduler.schedule(() -> attempt(attempt, lastFailure), wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                cancel(attempt - 1, lastFailure);
            }
        }

        private void send(final int attempt, final String lastFailure, final Bulkhead inFlight) {
            if (cancelled.getAsBoolean()) {
                inFlight.releasePermission();
                cancel(attempt - 1, lastFailure);
                return;
            }
            final CompletableFuture<AttemptOutcome> sent;
            try {
                sent = sender.send(message, target);
            } catch (RuntimeException e) {
                inFlight.onComplete();
                conclude(attempt, AttemptOutcome.unanswered(e.toString()));
                return;
            }
            sent.whenComplete((outcome, error) -> {
                inFlight.onComplete();
                if (error != null) {
                    // send() never fails its future, but an unexpected error must not hang the partition.
                    conclude(attempt, AttemptOutcome.unanswered(error.toString()));
                } else {
                    conclude(attempt, outcome);
                }
            });
        }

        private void conclude(final int attempt, final AttemptOutcome outcome) {
            if (outcome.succeeded()) {
                LOG.debug("Webhook {} delivered to endpoint {} on attempt {}", message.id(), target.endpointId(), attempt);
                result.complete(new DeliveryResult(target.endpointId(), DeliveryResult.Status.DELIVERED, attempt, null));
            } else if (outcome.gone()) {
                LOG.warn("Webhook {} to endpoint {} answered 410 Gone on attempt {}; not retrying",
                        message.id(), target.endpointId(), attempt);
                result.complete(new DeliveryResult(target.endpointId(), DeliveryResult.Status.GONE, attempt, outcome.failure()));
            } else if (attempt >= schedule.attempts()) {
                LOG.warn("Webhook {} to endpoint {} failed on its last attempt ({}): {}",
                        message.id(), target.endpointId(), attempt, outcome.failure());
                result.complete(new DeliveryResult(target.endpointId(), DeliveryResult.Status.FAILED, attempt, outcome.failure()));
            } else {
                // The endpoint's Retry-After (429, 503) can only lengthen the wait, never shorten it.
                final Duration atLeast = outcome.retryAfter() == null ? Duration.ZERO : outcome.retryAfter();
                LOG.info("Webhook {} to endpoint {} failed on attempt {} of {} ({}); retrying in {} or more",
                        message.id(), target.endpointId(), attempt, schedule.attempts(), outcome.failure(),
                        max(schedule.delayBefore(attempt + 1), atLeast));
                schedule(attempt + 1, outcome.failure(), atLeast);
            }
        }

        private static Duration max(final Duration a, final Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }

        private void cancel(final int attemptsMade, final String lastFailure) {
            result.complete(new DeliveryResult(target.endpointId(), DeliveryResult.Status.CANCELLED, attemptsMade, lastFailure));
        }
    }
}
