package org.kycorchestrator.ingress.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountryCodeTest {

    private final CountryCode format = new CountryCode();

    @ParameterizedTest(name = "{0} is accepted: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GB  | true
            MX  | true
            DO  | true
            IN  | true
            US  | true
            AX  | true
            gb  | false
            UK  | false
            EU  | false
            XX  | false
            GBR | false
            G   | false
            826 | false
            """)
    void onlyAssignedAlpha2CodesInUpperCaseAreAccepted(final String code, final boolean accepted) {
        // when
        final var problem = format.problem(code);

        // then
        assertThat(problem.isEmpty()).isEqualTo(accepted);
        problem.ifPresent(p -> assertThat(p).contains("ISO 3166-1 alpha-2"));
    }
}
