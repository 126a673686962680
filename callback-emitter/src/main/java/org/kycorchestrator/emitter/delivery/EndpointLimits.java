package org.kycorchestrator.emitter.delivery;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * How hard one endpoint is pushed: at most {@code maxInFlight} requests open at once (a Resilience4j
 * {@link Bulkhead}) and at most {@code ratePerSecond} requests started per second (a
 * {@link RateLimiter}), each kept per endpoint id. Both are only ever asked without waiting, so no
 * thread blocks on them; an attempt that finds no room is scheduled for later instead.
 *
 * <p>An endpoint may set its own {@code maxInFlight} and {@code ratePerSecond}; otherwise the defaults
 * apply. Limiters are kept per endpoint and limits, so a changed limit takes effect with the next
 * request while the requests under the old one finish. Limiters of an endpoint that is gone are kept
 * until the process stops.
 */
public final class EndpointLimits {

    public static final String MAX_IN_FLIGHT_CONFIG = "KYC_WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT";
    public static final int DEFAULT_MAX_IN_FLIGHT = 8;
    public static final String RATE_CONFIG = "KYC_WEBHOOK_RATE_PER_SECOND_PER_ENDPOINT";
    public static final int DEFAULT_RATE_PER_SECOND = 50;

    /** How far ahead a start may be reserved; past that, the attempt asks again later. */
    public static final Duration LONGEST_RESERVATION = Duration.ofSeconds(5);

    private final int maxInFlight;
    private final int ratePerSecond;
    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry rateLimiters;

    private EndpointLimits(final int maxInFlight, final int ratePerSecond) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("at least one request must be allowed in flight, not " + maxInFlight);
        }
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("at least one request a second must be allowed, not " + ratePerSecond);
        }
        this.maxInFlight = maxInFlight;
        this.ratePerSecond = ratePerSecond;
        bulkheads = BulkheadRegistry.of(bulkheadConfig(maxInFlight));
        rateLimiters = RateLimiterRegistry.of(rateLimiterConfig(ratePerSecond));
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
    /** The endpoint's requests in flight, under its own cap or the default one. */
    public Bulkhead inFlight(final WebhookEndpoint endpoint) {
        final int max = endpoint.getMaxInFlight() == null ? maxInFlight : endpoint.getMaxInFlight();
        return bulkheads.bulkhead(key(endpoint), bulkheadConfig(max));
    }

    /** The endpoint's request starts, under its own rate or the default one. */
    public RateLimiter starts(final WebhookEndpoint endpoint) {
        final int rate = endpoint.getRatePerSecond() == null ? ratePerSecond : endpoint.getRatePerSecond();
        return rateLimiters.rateLimiter(key(endpoint), rateLimiterConfig(rate));
    }

    /** Names the endpoint's limiters: the same for as long as its limits stay the same. */
    public static String key(final WebhookEndpoint endpoint) {
        return endpoint.getId() + "/" + endpoint.getMaxInFlight() + "/" + endpoint.getRatePerSecond();
    }

    private static BulkheadConfig bulkheadConfig(final int maxInFlight) {
        return BulkheadConfig.custom()
                .maxConcurrentCalls(maxInFlight)
                // never wait for a permission: a full bulkhead answers at once
                .maxWaitDuration(Duration.ZERO)
                .build();
    }

    private static RateLimiterConfig rateLimiterConfig(final int ratePerSecond) {
        return RateLimiterConfig.custom()
                .limitForPeriod(ratePerSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(LONGEST_RESERVATION)
                .build();
    }
}
