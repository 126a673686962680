package org.kycorchestrator.ingress.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedirectUriTest {

    private final RedirectUri format = new RedirectUri();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://merchant.example/kyc-done            | ok
            https://merchant.example:8443/kyc?step=done  | ok
            HTTPS://merchant.example/                    | ok
            myapp://callback                             | ok
            com.example.app:/kyc-done                    | ok
            http://merchant.example/kyc-done             | must be an https URL or a custom app scheme
            javascript:alert(1)                          | must be an https URL or a custom app scheme
            JavaScript:alert(1)                          | must be an https URL or a custom app scheme
            data:text/html;base64,PHNjcmlwdD4=           | must be an https URL or a custom app scheme
            file:///etc/passwd                           | must be an https URL or a custom app scheme
            vbscript:msgbox                              | must be an https URL or a custom app scheme
            ftp://merchant.example/                      | must be an https URL or a custom app scheme
            /kyc-done                                    | must be an https URL or a custom app scheme
            merchant.example/kyc-done                    | must be an https URL or a custom app scheme
            https://merchant.example/kyc done            | must be an https URL or a custom app scheme
            https:/kyc-done                              | must be an https URL with a host name
            https://merchant.example/kyc#token           | must not have a fragment
            https://bank.example@evil.example/           | must not carry user info
            """)
    void httpsOrAnAppsOwnSchemeIsAcceptedAndNothingABrowserRunsOrOpensLocally(final String uri, final String expected) {
        // when
        final var problem = format.problem(uri);

        // then
        if ("ok".equals(expected)) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).hasValueSatisfying(p -> assertThat(p).startsWith(expected));
        }
    }

    @ParameterizedTest(name = "{0} uses an app scheme: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://merchant.example/  | false
            HTTPS://merchant.example/  | false
            myapp://callback           | true
            """)
    void anAppSchemeIsAnythingButHttps(final String uri, final boolean appScheme) {
        assertThat(RedirectUri.isAppScheme(uri)).isEqualTo(appScheme);
    }
}
