package org.kycorchestrator.ingress.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandSubmissionTest {

    @ParameterizedTest(name = "Prefer: \"{0}\" waits {1} s")
    @CsvSource(value = {
            "wait=5,                5",
            "'respond-async, wait=3', 3",
            "WAIT=10,               10",
            "wait=30,               30",
            "wait=31,               30",
            "wait=999999999,        30",
            "wait=0,                NONE",
            "wait=-1,               NONE",
            "wait=abc,              NONE",
            "handling=strict,       NONE",
            "NULL,                  NONE",
    }, nullValues = "NULL")
    void theWaitIsReadFromPreferAndCappedAtThirtySeconds(final String prefer, final String seconds) {
        final Optional<Duration> expected = "NONE".equals(seconds) ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(seconds)));

        assertThat(CommandSubmission.requestedWait(prefer)).isEqualTo(expected);
    }
}
