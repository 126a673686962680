package org.kycorchestrator.ingress.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailAddressTest {

    private final EmailAddress format = new EmailAddress();

    @ParameterizedTest(name = "{0} is accepted: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ada@example.com                  | true
            ada.lovelace+kyc@example.co.uk   | true
            o'brien@example.ie               | true
            ada@sub.domain.example.org       | true
            ADA@EXAMPLE.COM                  | true
            ada@example                      | false
            ada@localhost                    | false
            ada@example.con                  | false
            ada@@example.com                 | false
            ada@                             | false
            @example.com                     | false
            ada example@example.com          | false
            ada@exam_ple.com                 | false
            ada@-example.com                 | false
            plainaddress                     | false
            """)
    void anAddressAVendorCanWriteToIsAccepted(final String address, final boolean accepted) {
        // when
        final var problem = format.problem(address);

        // then
        assertThat(problem.isEmpty()).isEqualTo(accepted);
        problem.ifPresent(p -> assertThat(p).startsWith("must be an e-mail address"));
    }
}
