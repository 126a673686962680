package org.kycorchestrator.emitter.delivery;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.kycorchestrator.config.Config;

/**
 * When each delivery attempt is made: the n-th duration is the wait before the n-th attempt, counted
 * from the failure of the one before (the first is usually {@code 0s}). Its length is the number of
 * attempts.
 *
 * <p>The waits actually used are {@linkplain #jitteredDelayBefore jittered}: each is the scheduled
 * wait plus a random 0 to {@value #JITTER_PERCENT} % more, never less, so retries of many deliveries
 * that failed together spread out instead of arriving together, and none comes before its time.
 */
public record RetrySchedule(List<Duration> delays) {

    /** Read from this variable, e.g. {@code 0s,5s,5m,30m,2h}. */
    public static final String CONFIG_NAME = "KYC_WEBHOOK_RETRY_SCHEDULE";
    /**
     * Immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: about three days in all.
     * Retries wait in the scheduler's durable stores and hold up only their own (endpoint,
     * customer), so the long tail costs nothing but the wait.
     */
    public static final String DEFAULT = "0s,5s,5m,30m,2h,5h,10h,14h,20h,24h";
    /** The most a wait is lengthened by, in percent of the scheduled wait. */
    public static final int JITTER_PERCENT = 10;

    public RetrySchedule {
        delays = List.copyOf(Objects.requireNonNull(delays, "delays cannot be null"));
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one attempt");
        }
        if (delays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("a retry schedule cannot wait a negative time");
        }
    }

    /** Parses a comma-separated list of durations as {@link Config#parseDuration(String)} reads them. */
    public static RetrySchedule parse(final String text) {
        Objects.requireNonNull(text, "text cannot be null");
        try {
            return new RetrySchedule(Arrays.stream(text.split(",")).map(Config::parseDuration).toList());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a retry schedule: " + text, e);
        }
    }

    public static RetrySchedule from(final Config config) {
        final String text = config.get(CONFIG_NAME, DEFAULT);
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(CONFIG_NAME + " has an invalid value: " + text, e);
        }
    }

    public int attempts() {
        return delays.size();
    }

    /** The wait before attempt {@code attempt}, counting from 1. */
    public Duration delayBefore(final int attempt) {
        return delays.get(attempt - 1);
    }

    /**
     * The wait before attempt {@code attempt} with jitter: at least {@link #delayBefore}, and at most
     * {@value #JITTER_PERCENT} % more.
     */
    public Duration jitteredDelayBefore(final int attempt, final RandomGenerator random) {
        Objects.requireNonNull(random, "random cannot be null");
        final Duration scheduled = delayBefore(attempt);
        final long maxExtraNanos = scheduled.toNanos() / 100 * JITTER_PERCENT;
        return maxExtraNanos <= 0 ? scheduled : scheduled.plusNanos(random.nextLong(maxExtraNanos + 1));
    }
}
