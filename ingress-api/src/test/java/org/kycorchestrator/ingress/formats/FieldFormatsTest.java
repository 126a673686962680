package org.kycorchestrator.ingress.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every format has in common. */
class FieldFormatsTest {

    static Stream<FieldFormat> everyFormat() {
        return Stream.of(new EmailAddress(), new E164Phone(), new CountryCode(), new BirthDate(Clock.systemUTC()), new IndianPan(),
                new MexicanRfc(), new LanguageTag(), new RedirectUri());
    }

    @ParameterizedTest
    @MethodSource("everyFormat")
    void aRefusalNeverRepeatsTheValueItRefuses(final FieldFormat format) {
        // given a value no format accepts, that would be recognised in a message
        final String personal = "Zq-secret-99317 ada.lovelace";

        // when
        final var problem = format.problem(personal);

        // then
        assertThat(problem).hasValueSatisfying(p -> assertThat(p).startsWith("must ").doesNotContain("secret").doesNotContain("lovelace"));
    }
}
