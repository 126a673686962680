package org.kycorchestrator.emitter;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The work of one partition of {@code kyc.status}, done one record after the other, in offset order.
 * A record's work starts only once the previous record's work has completed, which keeps each
 * customer's webhooks in sequence order. The lane remembers how far it got, so the consumer can
 * commit exactly the records whose work is done.
 *
 * <p>Threads: {@link #enqueue}, {@link #recover} and the commit bookkeeping belong to the consumer
 * thread; the work itself runs on the given executor and completes wherever its futures complete.
 * If one record's work fails, the records queued after it are skipped and the lane reports the
 * failed offset, so the consumer can seek back to it.
 */
final class PartitionLane {

    private static final long NONE = -1;

    private final Executor executor;
    private final AtomicLong finishedUpTo = new AtomicLong(NONE);
    private final AtomicLong failedAt = new AtomicLong(NONE);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private long committed = NONE;
    private long pausedUntilNanos;
    private volatile boolean cancelled;

    PartitionLane(final Executor executor) {
        this.executor = executor;
    }

    /** Queues the work of the record at {@code offset}, to start after everything queued before it. */
    void enqueue(final long offset, final Supplier<CompletableFuture<Void>> work) {
        tail = tail
                .thenComposeAsync(previous -> cancelled
                        ? CompletableFuture.<Void>failedFuture(new CancellationException("lane cancelled"))
                        : work.get(), executor)
                .whenComplete((done, error) -> {
                    if (error == null) {
                        finishedUpTo.set(offset + 1);
                    } else if (failedAt.compareAndSet(NONE, offset)) {
                        failure.set(error);
                    }
                });
    }

    /** Stops the lane: queued work does not start, and deliveries stop before their next attempt. */
    void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Nothing queued or running. */
    boolean isIdle() {
        return tail.isDone() && !tail.isCompletedExceptionally();
    }

    /** Some work failed, and everything queued after it was skipped. */
    boolean hasFailed() {
        return tail.isDone() && tail.isCompletedExceptionally();
    }

    Throwable failure() {
        return failure.get();
    }

    /**
     * Clears a failure so the lane takes work again after {@code backoff}, and answers the offset to
     * process again from.
     */
    long recover(final Duration backoff) {
        final long offset = failedAt.getAndSet(NONE);
        failure.set(null);
        tail = CompletableFuture.completedFuture(null);
        pausedUntilNanos = System.nanoTime() + backoff.toNanos();
        return offset;
    }

    /** Idle, and not backing off after a failure: its partition may be fetched again. */
    boolean isReady() {
        return isIdle() && System.nanoTime() - pausedUntilNanos >= 0;
    }

    /** The offset to commit, if the lane got further than its last commit. */
    OptionalLong commitDue() {
        final long finished = finishedUpTo.get();
        return finished > committed ? OptionalLong.of(finished) : OptionalLong.empty();
    }

    void committed(final long offset) {
        committed = offset;
    }
}
