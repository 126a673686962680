package org.kycorchestrator.ingress.operations;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Times every request as {@value #METRIC} and writes one access-log line for it. Both name the
 * route by its pattern ({@code /v1/customers/{id}/kyc}), never by the path a caller sent, so no
 * customer id becomes a tag or a log field; a request no route matched is {@code unmatched}, and a
 * method outside HTTP's usual ones is {@code OTHER}, so that a scanner cannot grow the series.
 * The operations routes are logged at debug level only: probes would drown everything else.
 */
final class HttpRequests {

    static final String METRIC = "http.server.requests";
    static final String UNMATCHED = "unmatched";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Logger ACCESS = LoggerFactory.getLogger("org.kycorchestrator.http.access");
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final Set<String> quietRoutes;
    // Building and looking up a timer by its tags on every request cost a tenth of answering one.
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String method, String route, int status) {
    }

    HttpRequests(final MeterRegistry registry, final Set<String> quietRoutes) {
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        this.quietRoutes = Set.copyOf(quietRoutes);
    }

    /** Javalin's request logger: called once a request is answered, with the time it took. */
    void answered(final Context ctx, final Float millis) {
        final String route = routeOf(ctx);
        final String method = METHODS.contains(ctx.method().name()) ? ctx.method().name() : "OTHER";
        final int status = ctx.statusCode();
        final Duration took = Duration.ofNanos((long) (millis * 1_000_000L));
        timers.computeIfAbsent(new TimerKey(method, route, status), this::timer).record(took);
        // An answer that came from another thread (Prefer: wait) has no request id in that thread's MDC yet.
        final String requestId = ctx.res().getHeader(RequestIds.HEADER);
        final String before = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            MDC.put(RequestIds.MDC_KEY, requestId);
        }
        try {
            if (quietRoutes.contains(route)) {
                ACCESS.debug("{} {} answered {} in {} ms", method, route, status, took.toMillis());
            } else {
                ACCESS.info("{} {} answered {} in {} ms", method, route, status, took.toMillis());
            }
        } finally {
            if (before == null) {
                MDC.remove(RequestIds.MDC_KEY);
            } else {
                MDC.put(RequestIds.MDC_KEY, before);
            }
        }
    }

    private Timer timer(final TimerKey key) {
        return Timer.builder(METRIC)
                .description("HTTP requests by route pattern, method and status")
                .tag("method", key.method())
                .tag("route", key.route())
                .tag("status", String.valueOf(key.status()))
                .tag("outcome", outcomeOf(key.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private static String routeOf(final Context ctx) {
        final Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        return matched == null ? UNMATCHED : matched.path;
    }

    private static String outcomeOf(final int status) {
        if (status >= 500) {
            return "SERVER_ERROR";
        }
        if (status >= 400) {
            return "CLIENT_ERROR";
        }
        if (status >= 300) {
            return "REDIRECTION";
        }
        return status >= 200 ? "SUCCESS" : "INFORMATIONAL";
    }
}
