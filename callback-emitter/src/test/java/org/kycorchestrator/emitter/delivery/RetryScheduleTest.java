package org.kycorchestrator.emitter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;

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
    void withoutConfigurationTheScheduleRunsFromImmediatelyToADay() {
        assertThat(RetrySchedule.from(Config.of(Map.of())).delays())
                .containsExactly(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                        Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
                        Duration.ofHours(20), Duration.ofHours(24));
    }

    @Test
    void aJitteredWaitIsNeverBelowItsScheduledWaitNorMoreThanTenPercentAbove() {
        // given
        final RetrySchedule schedule = RetrySchedule.parse(RetrySchedule.DEFAULT);
        final Random random = new Random(42);

        for (int attempt = 1; attempt <= schedule.attempts(); attempt++) {
            final Duration scheduled = schedule.delayBefore(attempt);
            for (int draw = 0; draw < 10_000; draw++) {
                // when
                final Duration wait = schedule.jitteredDelayBefore(attempt, random);

                // then
                assertThat(wait).isGreaterThanOrEqualTo(scheduled);
                assertThat(wait).isLessThanOrEqualTo(scheduled.plus(scheduled.dividedBy(10)));
            }
        }
    }

    @Test
    void theExtremesOfTheJitterAreTheScheduledWaitAndTenPercentMore() {
        // given
        final RetrySchedule schedule = RetrySchedule.parse("0s,10s");

        // when
        final Duration least = schedule.jitteredDelayBefore(2, fixed(0));
        final Duration most = schedule.jitteredDelayBefore(2, fixed(Long.MAX_VALUE));

        // then
        assertThat(least).isEqualTo(Duration.ofSeconds(10));
        assertThat(most).isEqualTo(Duration.ofSeconds(11));
        assertThat(schedule.jitteredDelayBefore(1, fixed(Long.MAX_VALUE))).isZero();
    }

    /** Answers the bound's lowest or highest value: 0 for {@code 0}, else the bound less one. */
    private static RandomGenerator fixed(final long choice) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return choice;
            }

            @Override
            public long nextLong(final long bound) {
                return choice == 0 ? 0 : bound - 1;
            }
        };
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
