package org.kycorchestrator.emitter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.config.Config;

class RetryScheduleTest {

    @Test
    void aScheduleIsReadAsTheWaitBeforeEachAttempt() {
        // when
        final RetrySchedule schedule = RetrySchedule.parse("0s, 5s,5m,30m,2h");

        // then
        assertThat(schedule.attempts()).isEqualTo(5);
        assertThat(schedule.delayBefore(1)).isZero();
        assertThat(schedule.delayBefore(2)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.delayBefore(5)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void withoutConfigurationTheDefaultScheduleApplies() {
        assertThat(RetrySchedule.from(Config.of(Map.of())).delays())
                .containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @Test
    void aScheduleIsTakenFromConfiguration() {
        assertThat(RetrySchedule.from(Config.of(Map.of(RetrySchedule.CONFIG_NAME, "0s,200ms"))).delays())
                .containsExactly(Duration.ZERO, Duration.ofMillis(200));
    }

    @Test
    void anUnreadableScheduleIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> RetrySchedule.from(Config.of(Map.of(RetrySchedule.CONFIG_NAME, "0s,soon"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(RetrySchedule.CONFIG_NAME);
    }
}
