package org.kycorchestrator.tenants;

import java.time.Duration;

/**
 * A tenant's token bucket: it holds at most {@code burst} requests and refills at {@code perSecond}
 * on average. Resilience4j's limiter, which enforces it, puts the tokens back in one go: all
 * {@code burst} of them every {@link #refillPeriod()}.
 */
public record RateLimit(double perSecond, int burst) {

    static final double MAX_PER_SECOND = 1_000_000;
    static final int MAX_BURST = 1_000_000;

    public RateLimit {
        if (!(perSecond > 0) || perSecond > MAX_PER_SECOND) {
            throw new IllegalArgumentException("perSecond must be more than 0 and at most " + (long) MAX_PER_SECOND);
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("burst must be between 1 and " + MAX_BURST);
        }
        if (burst / perSecond > Duration.ofDays(1).toSeconds()) {
            throw new IllegalArgumentException("burst / perSecond must be at most a day (" + burst + " / " + perSecond + " is longer)");
        }
    }

    /** How often the bucket is refilled: burst / perSecond. */
    public Duration refillPeriod() {
        return Duration.ofNanos(Math.max(1L, Math.round(burst * 1_000_000_000d / perSecond)));
    }
}
