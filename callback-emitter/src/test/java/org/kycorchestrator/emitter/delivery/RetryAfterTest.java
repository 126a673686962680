package org.kycorchestrator.emitter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void secondsAreReadAsAWait() {
        assertThat(RetryAfter.parse(" 120 ", NOW)).contains(Duration.ofSeconds(120));
    }

    @Test
    void anHttpDateIsReadAsTheWaitUntilIt() {
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:05:00 GMT", NOW)).contains(Duration.ofMinutes(5));
    }

    @Test
    void aDateInThePastAsksForNoWait() {
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void aWaitLongerThanTenHoursIsCutToTenHours() {
        assertThat(RetryAfter.parse("86400", NOW)).contains(Duration.ofHours(10));
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(Duration.ofHours(10));
        assertThat(RetryAfter.parse("Mon, 02 Mar 2026 12:00:00 GMT", NOW)).contains(Duration.ofHours(10));
    }

    @Test
    void anUnreadableOrMissingValueAsksForNothing() {
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }

    @Test
    void onlyTooManyRequestsAndUnavailableAreAskedForOne() {
        assertThat(RetryAfter.appliesTo(429)).isTrue();
        assertThat(RetryAfter.appliesTo(503)).isTrue();
        assertThat(RetryAfter.appliesTo(500)).isFalse();
    }
}
