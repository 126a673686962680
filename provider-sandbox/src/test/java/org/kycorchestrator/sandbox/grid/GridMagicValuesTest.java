package org.kycorchestrator.sandbox.grid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GridMagicValuesTest {

    @ParameterizedTest(name = "\"{0}\" ends {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Ada Lovelace      | APPROVED",
            "NULL              | APPROVED",
            "''                | APPROVED",
            "Ada Lace001       | PENDING",
            "Ada Lace 002      | REJECTED",
            "Ada Lace003       | RESOLVE_ERRORS",
            "Ada 003 Lovelace  | APPROVED",
            "Ada Reject        | REJECTED",
            "  ada   REJECT    | REJECTED",
            "Ada Soft          | HOLD",
            "Ada Review        | MANUAL_REVIEW",
            "Ada Review001     | PENDING",
            "Reject Lovelace   | APPROVED",
            "Ada Flaky         | APPROVED",
    })
    void theSuffixThenTheLastNameChooseTheOutcome(final String fullName, final GridOutcome outcome) {
        assertThat(GridMagicValues.outcomeFor(fullName)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "\"{0}\" rate-limits its first link: {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Ada Flaky    | true",
            "ada flaky    | true",
            "Flaky Ada    | false",
            "NULL         | false",
    })
    void onlyTheFlakyLastNameRateLimitsTheFirstLink(final String fullName, final boolean limited) {
        assertThat(GridMagicValues.rateLimitsFirstLink(fullName)).isEqualTo(limited);
    }
}
