package org.kycorchestrator.ingress.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IndianPanTest {

    private final IndianPan format = new IndianPan();

    @ParameterizedTest(name = "{0} is accepted: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ABCDE1234F        | true
            AAAPL1234C        | true
            abcde1234f        | false
            ABCD1234F         | false
            ABCDE12345        | false
            ABCDE1234FG       | false
            12345ABCDE        | false
            ABCDE 1234F       | false
            4111111111111111  | false
            """)
    void onlyThePanShapePayccDocumentsIsAccepted(final String pan, final boolean accepted) {
        // when
        final var problem = format.problem(pan);

        // then
        assertThat(problem.isEmpty()).isEqualTo(accepted);
        problem.ifPresent(p -> assertThat(p).startsWith("must be an Indian PAN"));
    }
}
