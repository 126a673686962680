package org.kycorchestrator.emitter.sending;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.ratelimiter.RateLimiter;
import org.kycorchestrator.emitter.delivery.EndpointLimits;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * Waits, without holding a thread, until an endpoint has room for one more request under its
 * {@link EndpointLimits}: a free slot among its requests in flight, and a start within its rate.
 * Waiting for room is not an attempt: nothing was sent.
 *
 * <p>Each endpoint has a line. An attempt that finds every slot taken waits in it, and the slot
 * given back first goes to the first attempt waiting, so a busy endpoint's attempts start in the
 * order they came and as soon as a slot frees, without polling. The limits themselves are only
 * asked without waiting; a start more than {@link EndpointLimits#LONGEST_RESERVATION} away is
 * asked for again after that long, on the scheduler. Lines are kept until the process stops, like
 * the limits. An endpoint whose limits change gets a new line under the new limits.
 */
final class EndpointRoom {

    private final EndpointLimits limits;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentMap<String, Line> lines = new ConcurrentHashMap<>();

    EndpointRoom(final EndpointLimits limits, final ScheduledExecutorService scheduler) {
        this.limits = Objects.requireNonNull(limits, "limits cannot be null");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler cannot be null");
    }

    /**
     * Completes, on the scheduler, with a slot once the request may start. The caller gives the slot
     * back exactly once: {@link Slot#ended()} when the request ended, {@link Slot#unused()} if it is
     * not made after all. Fails only if the scheduler stopped.
     */
    CompletableFuture<Slot> enter(final WebhookEndpoint endpoint) {
        final Line line = lines.computeIfAbsent(EndpointLimits.key(endpoint), key -> new Line(endpoint));
        final CompletableFuture<Slot> slot = new CompletableFuture<>();
        later(() -> line.join(slot), Duration.ZERO, slot);
        return slot;
    }

    /** One of an endpoint's requests in flight. */
    final class Slot {

        private final Line line;

        private Slot(final Line line) {
            this.line = line;
        }

        /** The request ended, whatever its outcome. */
        void ended() {
            line.inFlight.onComplete();
            line.next();
        }

        /** The request was not made. */
        void unused() {
            line.inFlight.releasePermission();
            line.next();
        }
    }

    /** The attempts waiting for a slot at one endpoint, first come first served. */
    private final class Line {

        private final Bulkhead inFlight;
        private final RateLimiter starts;
        private final Deque<CompletableFuture<Slot>> waiting = new ArrayDeque<>();

        Line(final WebhookEndpoint endpoint) {
            this.inFlight = limits.inFlight(endpoint);
            this.starts = limits.starts(endpoint);
        }

        /** Takes a free slot, unless others are waiting or none is free; then waits behind them. */
        void join(final CompletableFuture<Slot> slot) {
            synchronized (this) {
                if (!waiting.isEmpty() || !inFlight.tryAcquirePermission()) {
                    waiting.addLast(slot);
                    return;
                }
            }
            start(slot);
        }

        /** A slot may be free: the first attempt waiting takes it. */
        void next() {
            final CompletableFuture<Slot> first;
            synchronized (this) {
                if (waiting.isEmpty() || !inFlight.tryAcquirePermission()) {
                    return;
                }
                first = waiting.removeFirst();
            }
            // On the scheduler: next() is called on whatever thread ended a request.
            if (!later(() -> start(first), Duration.ZERO, first)) {
                inFlight.releasePermission();
            }
        }

        /** Holding a slot, waits for a start within the endpoint's rate. */
        private void start(final CompletableFuture<Slot> slot) {
            final long startInNanos = starts.reservePermission();
            if (startInNanos < 0) {
                // No start free within the reservation window: pass the slot on and ask again then.
                inFlight.releasePermission();
                next();
                later(() -> join(slot), EndpointLimits.LONGEST_RESERVATION, slot);
            } else if (startInNanos == 0) {
                slot.complete(new Slot(this));
            } else if (!later(() -> slot.complete(new Slot(this)), Duration.ofNanos(startInNanos), slot)) {
                inFlight.releasePermission();
            }
        }
    }

    /** Runs the step on the scheduler after the wait; fails the slot if the scheduler stopped. */
    private boolean later(final Runnable step, final Duration wait, final CompletableFuture<Slot> slot) {
        try {
            if (wait.isZero()) {
                scheduler.execute(step);
            } else {
                scheduler.schedule(step, wait.toNanos(), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (RejectedExecutionException e) {
            slot.completeExceptionally(e);
            return false;
        }
    }
}
