package org.kycorchestrator.config;

/**
 * Gives the JVM's common fork-join pool at least two threads. With fewer than three cores the JDK
 * gives it one, and {@code CompletableFuture} then starts a new thread for every asynchronous task;
 * the JDK's {@code HttpClient} completes each {@code sendAsync} answer on that default executor, so
 * every vendor or webhook answer would start a thread (thousands a minute under load, see
 * docs/benchmarks.md). It must run first in {@code main}, before anything touches the pool.
 */
public final class CommonPool {

    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private CommonPool() {
    }

    /** Leaves an explicit {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} alone. */
    public static void atLeastTwoThreads() {
        if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(PARALLELISM, "2");
        }
    }
}
