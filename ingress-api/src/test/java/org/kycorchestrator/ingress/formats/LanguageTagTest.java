package org.kycorchestrator.ingress.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTagTest {

    private final LanguageTag format = new LanguageTag();

    @ParameterizedTest(name = "{0} is accepted: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            en           | true
            es-MX        | true
            pt-BR        | true
            zh-Hant-TW   | true
            EN-us        | true
            es-419       | true
            en_US        | false
            english      | false
            e            | false
            en-          | false
            -en          | false
            en--US       | false
            i-klingon    | false
            x-private    | false
            12           | false
            fil-PH       | true
            qq           | false
            en US        | false
            """)
    void aWellFormedTagThatNamesALanguageIsAccepted(final String tag, final boolean accepted) {
        // when
        final var problem = format.problem(tag);

        // then
        assertThat(problem.isEmpty()).isEqualTo(accepted);
        problem.ifPresent(p -> assertThat(p).startsWith("must be a BCP 47 language tag"));
    }
}
