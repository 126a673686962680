package org.kycorchestrator.emitter.delivery;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.kycorchestrator.config.Config;

/**
 * How hard one endpoint is pushed: at most {@code maxInFlight} requests open at once (a Resilience4j
 * {@link Bulkhead}) and at most {@code ratePerSecond} requests started per second (a
 * {@link RateLimiter}), each kept per endpoint id. Both are only ever asked without waiting, so no
 * thread blocks on them; an attempt that finds no room is scheduled for later instead.
 *
 * <p>The same limits apply to every endpoint for now; per-endpoint overrides can come later. The
 * limiters of an endpoint that is gone are kept until the process stops.
 */
public final class EndpointLimits {

    public static final String MAX_IN_FLIGHT_CONFIG = "KYC_WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT";
    public static final int DEFAULT_MAX_IN_FLIGHT = 8;
    public static final String RATE_CONFIG = "KYC_WEBHOOK_RATE_PER_SECOND_PER_ENDPOINT";
    public static final int DEFAULT_RATE_PER_SECOND = 50;

    /** How far ahead a start may be reserved; past that, the attempt asks again later. */
    public static final Duration LONGEST_RESERVATION = Duration.ofSeconds(5);

    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry rateLimiters;

    private EndpointLimits(final int maxInFlight, final int ratePerSecond) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("at least one request must be allowed in flight, not " + maxInFlight);
        }
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("at least one request a second must be allowed, not " + ratePerSecond);
        }
        bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(maxInFlight)
                // never wait for a permission: a full bulkhead answers at once
                .maxWaitDuration(Duration.ZERO)
                .build());
        rateLimiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(ratePerSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(LONGEST_RESERVATION)
                .build());
    }

    public static EndpointLimits of(final int maxInFlight, final int ratePerSecond) {
        return new EndpointLimits(maxInFlight, ratePerSecond);
    }

    public static EndpointLimits defaults() {
        return of(DEFAULT_MAX_IN_FLIGHT, DEFAULT_RATE_PER_SECOND);
    }

    public static EndpointLimits from(final Config config) {
        return of(atLeastOne(config, MAX_IN_FLIGHT_CONFIG, DEFAULT_MAX_IN_FLIGHT),
                atLeastOne(config, RATE_CONFIG, DEFAULT_RATE_PER_SECOND));
    }

    private static int atLeastOne(final Config config, final String name, final int defaultValue) {
        final int value = config.getInt(name, defaultValue);
        if (value < 1) {
            throw new IllegalStateException(name + " must be at least 1, not " + value);
        }
        return value;
    }

    /** The endpoint's requests in flight; ask it only with {@code tryAcquirePermission}. */
    public Bulkhead inFlight(final String endpointId) {
        return bulkheads.bulkhead(endpointId);
    }

    /** The endpoint's starts per second; ask it only with {@code reservePermission}. */
    public RateLimiter starts(final String endpointId) {
        return rateLimiters.rateLimiter(endpointId);
    }
}
