package org.kycorchestrator.ingress.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class E164PhoneTest {

    private final E164Phone format = new E164Phone();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            +442071234567        | ok
            +14155550100         | ok
            +525512345678        | ok
            +919876543210        | ok
            +4915112345678       | ok
            9876543210           | must be an E.164 phone number
            +44 20 7123 4567     | must be an E.164 phone number
            +44-20-7123-4567     | must be an E.164 phone number
            0044207123456        | must be an E.164 phone number
            +0442071234567       | must be an E.164 phone number
            +4420712345678901    | must be an E.164 phone number
            +                    | must be an E.164 phone number
            +44abc               | must be an E.164 phone number
            +441                 | must be a phone number that exists
            +999123456789        | must be a phone number that exists
            +91123               | must be a phone number that exists
            """)
    void onlyE164NumbersThatExistInTheirCountryAreAccepted(final String phone, final String expected) {
        // when
        final var problem = format.problem(phone);

        // then
        if ("ok".equals(expected)) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).hasValueSatisfying(p -> assertThat(p).startsWith(expected));
        }
    }
}
