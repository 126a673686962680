package org.kycorchestrator.workers.resilience;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;

/**
 * One vendor's calls, at most the bulkhead's number in flight; the rest wait in line here instead
 * of blocking a thread. A slow vendor therefore holds only its own calls, never the consumer
 * thread or the other vendors.
 */
final class VendorLane {

    private final Bulkhead bulkhead;
    private final Queue<Runnable> waiting = new ArrayDeque<>();

    VendorLane(final Bulkhead bulkhead) {
        this.bulkhead = Objects.requireNonNull(bulkhead, "bulkhead cannot be null");
    }

    <T> CompletableFuture<T> submit(final Supplier<? extends CompletableFuture<T>> call) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final Runnable start = () -> {
            final CompletableFuture<T> running;
            try {
                running = call.get();
            } catch (RuntimeException e) {
                release();
                result.completeExceptionally(e);
                return;
            }
            running.whenComplete((value, failure) -> {
                release();
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        };
        final boolean now;
        synchronized (this) {
            now = bulkhead.tryAcquirePermission();
            if (!now) {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private void release() {
        final Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                bulkhead.onComplete();
                return;
            }
        }
        // The permit passes straight to the next call in line.
        next.run();
    }
}
