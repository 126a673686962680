package org.kycorchestrator.workers.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    @Test
    void secondsAreReadAsADuration() {
        assertThat(RetryAfter.parse("120")).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void anHttpDateIsTheWaitUntilThen() {
        final String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusMinutes(1));

        assertThat(RetryAfter.parse(inAMinute)).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));
    }

    @Test
    void somethingElseIsNoAdvice() {
        assertThat(RetryAfter.parse("soon")).isNull();
    }
}
