package org.kycorchestrator.ingress.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BirthDateTest {

    /** 2026-03-01 at 20:00 UTC: already 2 March in UTC+14. */
    private final BirthDate format = new BirthDate(Clock.fixed(Instant.parse("2026-03-01T20:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1990-12-31   | ok
            2000-02-29   | ok
            1900-01-01   | ok
            2026-03-01   | ok
            2026-03-02   | ok
            2026-03-03   | must not be in the future
            2999-01-01   | must not be in the future
            1899-12-31   | must not be before 1900-01-01
            1990-02-30   | must be an ISO 8601 date
            1900-02-29   | must be an ISO 8601 date
            1990-13-01   | must be an ISO 8601 date
            1990-1-1     | must be an ISO 8601 date
            31/12/1990   | must be an ISO 8601 date
            1990-12-31T00:00:00Z | must be an ISO 8601 date
            19901231     | must be an ISO 8601 date
            +1990-12-31  | must be an ISO 8601 date
            """)
    void aBirthDateIsARealDayThatHasComeSomewhereOnEarth(final String date, final String expected) {
        // when
        final var problem = format.problem(date);

        // then
        if ("ok".equals(expected)) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).hasValueSatisfying(p -> assertThat(p).startsWith(expected));
        }
    }
}
