package org.kycorchestrator.ingress.operations;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.kycorchestrator.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator needs from a process that serves HTTP, added to its Javalin server in one call:
 * <ul>
 *   <li>{@code /health/live} and {@code /health/ready} ({@link Health}, from a {@link Readiness});</li>
 *   <li>{@code /metrics}, every meter of the process's {@link PrometheusMetrics} in Prometheus' text
 *   format, HTTP requests by route and status among them ({@link HttpRequests});</li>
 *   <li>a request id for every request, in its log lines and its answer ({@link RequestIds}), and one
 *   access-log line per request;</li>
 *   <li>a graceful stop ({@link #stop}): the port closes at once, the requests in flight may finish
 *   for up to {@value #GRACE_CONFIG} (default 10s), and only then does the server stop.</li>
 * </ul>
 * Call {@link #configure} before any other route or handler is added, so that the request id is
 * there for all of them. The operations routes need no API key; keep them, like the port, on a
 * network only operators reach if that matters.
 */
public final class Operations {

    public static final String GRACE_CONFIG = "KYC_SHUTDOWN_GRACE";
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    public static final String METRICS = "/metrics";
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    /** How long before the grace ends the requests still waiting are asked to answer. */
    private static final Duration HURRY_BEFORE_END = Duration.ofSeconds(2);

    private final PrometheusMetrics metrics;
    private final Readiness readiness;
    private final Duration grace;

    public Operations(final PrometheusMetrics metrics, final Readiness readiness, final Duration grace) {
        this.metrics = Objects.requireNonNull(metrics, "metrics cannot be null");
        this.readiness = Objects.requireNonNull(readiness, "readiness cannot be null");
        this.grace = Objects.requireNonNull(grace, "grace cannot be null");
        if (grace.isNegative()) {
            throw new IllegalArgumentException(GRACE_CONFIG + " cannot be negative, not " + grace);
        }
    }

    /** {@value #GRACE_CONFIG}: how long a stop waits for the requests in flight. */
    public static Duration grace(final Config config) {
        final Duration grace = config.getDuration(GRACE_CONFIG, DEFAULT_GRACE);
        if (grace.isNegative()) {
            throw new IllegalStateException(GRACE_CONFIG + " cannot be negative, not " + grace);
        }
        return grace;
    }

    public void configure(final JavalinConfig javalin) {
        javalin.jetty.modifyServer(server -> {
            // Jetty's stop shuts every Graceful part down first and waits up to the stop timeout:
            // the connector stops accepting, and the GracefulHandler waits for the requests it let in.
            server.setStopTimeout(grace.toMillis());
            // Javalin puts its own handler inside the innermost wrapper, so every request passes both.
            server.setHandler(new GracefulHandler(new RequestIds()));
        });
        javalin.requestLogger.http(new HttpRequests(metrics.registry(), Set.of(Health.LIVE, Health.READY, METRICS))::answered);
        Health.register(javalin.routes, readiness);
        javalin.routes.get(METRICS, ctx -> ctx.contentType(PrometheusMetrics.CONTENT_TYPE).result(metrics.scrape()));
    }

    /**
     * Stops a server configured by {@link #configure}: its port closes at once, and the requests in
     * flight get until the grace ends. Shortly before it ends, {@code hurry} runs: it should make
     * requests that wait for something (an outcome, say) answer with what they have, because a
     * request still open when the grace ends is cut off without an answer. Returns once the server
     * has stopped.
     */
    public void stop(final Javalin http, final Runnable hurry) {
        Objects.requireNonNull(http, "http cannot be null");
        Objects.requireNonNull(hurry, "hurry cannot be null");
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        final Thread stopper = new Thread(() -> {
            try {
                http.stop();
                stopped.complete(null);
            } catch (RuntimeException e) {
                stopped.completeExceptionally(e);
            }
        }, "http-graceful-stop");
        stopper.start();
        final Duration hurryAfter = grace.compareTo(HURRY_BEFORE_END.multipliedBy(2)) >= 0 ? grace.minus(HURRY_BEFORE_END) : grace.dividedBy(2);
        try {
            try {
                stopped.get(hurryAfter.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                LOG.info("Requests are still in flight {} s into the stop; asking those that wait to answer now", hurryAfter.toSeconds());
                hurry.run();
            }
            stopped.get();
        } catch (ExecutionException e) {
            // Jetty stops anyway once the grace is over; what was still open is cut off.
            LOG.warn("Requests still in flight when the {} s grace ended were cut off", grace.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
