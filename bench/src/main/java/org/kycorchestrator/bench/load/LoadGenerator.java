package org.kycorchestrator.bench.load;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop, asynchronous load generator: a fixed number of clients, each starting its next
 * operation the moment its previous one ends, so the rate is what the system under test sustains at
 * that concurrency and nothing queues inside the generator (no coordinated omission from a backlog
 * of its own).
 *
 * <p>It uses the JDK's {@link HttpClient} in its asynchronous form: no dependency beyond the JDK, and
 * a few threads (one selector, {@value #THREADS} for completions) serve any number of clients, which
 * keeps the generator's share of a two-core machine small and measurable. Jetty's client would be a
 * little cheaper per request, but would add a library the product does not use; the generator's own
 * CPU is reported instead (from the CPU time of exactly its threads), so its cost is visible.
 */
public final class LoadGenerator implements AutoCloseable {

    /** An operation of one client: one HTTP request, or a whole KYC flow. Completes with false or exceptionally when it failed. */
    @FunctionalInterface
    public interface Operation {
        CompletableFuture<Boolean> start(int client, long sequence);
    }

    public static final String THREAD_PREFIX = "bench-load";
    private static final int THREADS = 2;
    private static final int FAILURES_KEPT = 5;
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(90);

    private final ExecutorService executor;
    private final HttpClient http;
    // The JDK names its selector thread HttpClient-<n>-SelectorManager, and hands every response to the
    // common pool before it completes the caller's future: both are the generator's work too.
    private final ThreadCpu cpu = new ThreadCpu(List.of(THREAD_PREFIX, "HttpClient-", "ForkJoinPool.commonPool"));

    public LoadGenerator() {
        this.executor = Executors.newFixedThreadPool(THREADS, named());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public HttpClient http() {
        return http;
    }

    /** Runs {@code clients} closed loops for {@code window}, then waits for the operations still running. */
    public LoadResult run(final int clients, final Duration window, final Operation operation) throws InterruptedException {
        return run(clients, Duration.ZERO, window, operation);
    }

    /**
     * Runs {@code clients} closed loops for {@code rampUp} and then {@code window}, counting only the
     * operations that end within the window, then waits for the operations still running. The ramp-up
     * lets long operations (a whole flow) reach a steady state before anything is counted.
     */
    public LoadResult run(final int clients, final Duration rampUp, final Duration window, final Operation operation)
            throws InterruptedException {
        final Histogram latencies = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
        final AtomicLong succeeded = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong sequence = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final CountDownLatch finished = new CountDownLatch(clients);
        final long windowStart = System.nanoTime() + rampUp.toNanos();
        final long deadline = windowStart + window.toNanos();

        final class Client {
            private final int id;

            Client(final int id) {
                this.id = id;
            }

            void next() {
                final long begin = System.nanoTime();
                if (begin >= deadline) {
                    finished.countDown();
                    return;
                }
                final CompletableFuture<Boolean> running;
                try {
                    running = operation.start(id, sequence.incrementAndGet());
                } catch (RuntimeException e) {
                    ended(begin, false, e);
                    return;
                }
                running.whenComplete((ok, error) -> ended(begin, Boolean.TRUE.equals(ok) && error == null, error));
            }

            private void ended(final long begin, final boolean ok, final Throwable error) {
                final long end = System.nanoTime();
                if (end >= windowStart && end <= deadline) {
                    if (ok) {
                        succeeded.incrementAndGet();
                        latencies.recordValue(Math.min((end - begin) / 1000, latencies.getHighestTrackableValue()));
                    } else {
                        failed.incrementAndGet();
                        if (failures.size() < FAILURES_KEPT) {
                            failures.add(error == null ? "unexpected answer" : String.valueOf(error));
                        }
                    }
                }
                // Off the completing thread, so a chain of synchronously completed operations cannot grow the stack.
                executor.execute(this::next);
            }
        }

        for (int i = 0; i < clients; i++) {
            new Client(i).next();
        }
        TimeUnit.NANOSECONDS.sleep(Math.max(0, windowStart - System.nanoTime()));
        final Map<Long, Long> cpuBefore = cpu.snapshot();
        final long processCpuBefore = ThreadCpu.processCpuNanos();
        final SystemCpu machineBefore = SystemCpu.now();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - System.nanoTime()));
        final long generatorCpu = cpu.since(cpuBefore);
        final long processCpu = ThreadCpu.processCpuNanos() - processCpuBefore;
        final double machineBusy = SystemCpu.now().busyPercentSince(machineBefore);
        // Operations still running finish (or time out) before the next repetition starts; they are not counted.
        if (!finished.await(DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            failures.add(finished.getCount() + " clients still busy " + DRAIN_LIMIT + " after the window");
        }
        return new LoadResult(succeeded.get(), failed.get(), window, latencies, generatorCpu, processCpu, machineBusy,
                List.copyOf(failures));
    }

    private static ThreadFactory named() {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, THREAD_PREFIX + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
