package org.kycorchestrator.ingress.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MexicanRfcTest {

    private final MexicanRfc format = new MexicanRfc();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GODE561231GR8    | ok                                  | a person: 4 letters, 13 characters
            GALA780211AB1    | ok                                  | a person
            MUÑA800101AB9    | ok                                  | Ñ is one of the letters
            ABC010101AB1     | ok                                  | a company: 3 letters, 12 characters
            A&B991231XY0     | ok                                  | & appears in companies' names
            GODE000229GRA    | ok                                  | 29 February 2000; the last character may be A
            GODE561231GRB    | must be a Mexican RFC:              | the last character is a digit or A
            gode561231gr8    | must be a Mexican RFC:              | upper case only
            GODE561231GR     | must be a Mexican RFC:              | the homoclave has 3 characters
            GO561231GR8      | must be a Mexican RFC:              | 2 letters are too few
            GODEX561231GR8   | must be a Mexican RFC:              | 5 letters are too many
            GODE5612311GR8   | must be a Mexican RFC:              | the date has 6 digits
            GODE 561231 GR8  | must be a Mexican RFC:              | no spaces
            GODE561331GR8    | must be a Mexican RFC whose date    | month 13
            GODE560231GR8    | must be a Mexican RFC whose date    | 31 February
            GODE560000GR8    | must be a Mexican RFC whose date    | day 0 of month 0
            GODE010229GR8    | must be a Mexican RFC whose date    | 29 February 1901 or 2001
            """)
    void theRfcHasTheSatPatternWithARealDate(final String rfc, final String expected, final String why) {
        // when
        final var problem = format.problem(rfc);

        // then
        if ("ok".equals(expected)) {
            assertThat(problem).as(why).isEmpty();
        } else {
            assertThat(problem).as(why).hasValueSatisfying(p -> assertThat(p).startsWith(expected));
        }
    }
}
