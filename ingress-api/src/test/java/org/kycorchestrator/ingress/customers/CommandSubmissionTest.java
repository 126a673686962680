package org.kycorchestrator.ingress.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.ingress.http.ApiError;

class CommandSubmissionTest {

    @ParameterizedTest(name = "Prefer: \"{0}\" waits {1} s")
    @CsvSource(value = {
            "wait=5,                  5",
            "'respond-async, wait=3', 3",
            "WAIT=10,                 10",
            "wait=30,                 30",
            "'wait=\"7\"',            7",
            "wait=0,                  NONE",
            "handling=strict,         NONE",
            "respond-async,           NONE",
            "NULL,                    NONE",
    }, nullValues = "NULL")
    void theWaitIsReadFromPrefer(final String prefer, final String seconds) {
        final Optional<Duration> expected = "NONE".equals(seconds) ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(seconds)));

        assertThat(CommandSubmission.requestedWait(prefer)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Prefer: \"{0}\" is a 400")
    @CsvSource({"wait=31", "wait=999999999", "wait=99999999999999999999", "wait=-1", "wait=abc", "wait=", "wait=1.5", "'respond-async, wait=60'"})
    void aWaitOfMoreThanThirtySecondsOrNotInWholeSecondsIsRefused(final String prefer) {
        assertThatThrownBy(() -> CommandSubmission.requestedWait(prefer))
                .isInstanceOfSatisfying(ApiError.class, error -> {
                    assertThat(error.status()).isEqualTo(400);
                    assertThat(error.getMessage()).contains("Prefer: wait");
                });
    }
}
