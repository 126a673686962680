package org.kycorchestrator.ingress.tenants;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import org.kycorchestrator.tenants.RateLimit;
import org.kycorchestrator.tenants.Tenant;

/**
 * Each tenant's token bucket, a Resilience4j {@link RateLimiter} per tenant id, so tenants never
 * share one. A request takes a token without waiting: a request over the limit is refused at once,
 * and the caller learns when a token will be there again.
 */
public final class RateLimits {

    private final Map<String, Optional<RateLimiter>> byTenant = new ConcurrentHashMap<>();

    /** Takes one of the tenant's tokens; empty when it had one, else how long until it has one again. */
    public Optional<Duration> take(final Tenant tenant) {
        final Optional<RateLimiter> limiter = byTenant.computeIfAbsent(tenant.id(), id -> tenant.rateLimit().map(limit ->
                RateLimiter.of("tenant-" + id, RateLimiterConfig.custom()
                        .limitForPeriod(limit.burst())
                        .limitRefreshPeriod(limit.refillPeriod())
                        .timeoutDuration(Duration.ZERO)
                        .build())));
        if (limiter.isEmpty() || limiter.get().acquirePermission()) {
            return Optional.empty();
        }
        return Optional.of(untilNextToken(limiter.get(), tenant.rateLimit().orElseThrow()));
    }

    private static Duration untilNextToken(final RateLimiter limiter, final RateLimit limit) {
        // The default limiter knows exactly; any other, at worst, has refilled after a whole period.
        if (limiter instanceof AtomicRateLimiter atomic) {
            return Duration.ofNanos(Math.max(0, atomic.getDetailedMetrics().getNanosToWait()));
        }
        return limit.refillPeriod();
    }
}
