package org.kycorchestrator.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.config.Config;

class AddressPolicyTest {

    private static final AddressPolicy PRODUCTION = AddressPolicy.of(false, false);
    private static final AddressPolicy LOCAL = AddressPolicy.of(true, false);

    /**
     * One row per spelling: the URL, then whether it is allowed in production (allowPrivate=false)
     * and locally (allowPrivate=true). Https is not required here; see the https tests below.
     */
    @ParameterizedTest(name = "{0}: production {1}, local {2}")
    @CsvSource(delimiter = '|', textBlock = """
            https://hooks.merchant.example/kyc         | true  | true
            https://93.184.215.14/kyc                  | true  | true
            https://[2606:4700::1111]/kyc              | true  | true
            http://127.0.0.1:8080/kyc                  | false | true
            http://127.1/kyc                           | false | true
            http://2130706433/kyc                      | false | true
            http://0177.0.0.1/kyc                      | false | true
            http://0x7f.1/kyc                          | false | true
            http://0x7f000001/kyc                      | false | true
            http://127.0.0.1./kyc                      | false | true
            http://localhost:8080/kyc                  | false | true
            http://LOCALHOST./kyc                      | false | true
            http://api.localhost/kyc                   | false | true
            http://user:pw@127.0.0.1/kyc               | false | true
            http://127%2e0%2e0%2e1/kyc                 | false | true
            http://[::1]/kyc                           | false | true
            http://[0:0:0:0:0:0:0:1]:8080/kyc          | false | true
            http://[::ffff:127.0.0.1]/kyc              | false | true
            http://[::ffff:7f00:1]/kyc                 | false | true
            http://[2002:7f00:1::]/kyc                 | false | true
            http://[64:ff9b::7f00:1]/kyc               | false | true
            http://[fe80::1%25eth0]/kyc                | false | false
            http://[fe80::1%eth0]/kyc                  | false | false
            http://10.0.0.5/kyc                        | false | true
            http://172.16.0.1/kyc                      | false | true
            http://172.31.255.255/kyc                  | false | true
            http://172.32.0.1/kyc                      | true  | true
            http://192.168.1.1/kyc                     | false | true
            http://[fd12:3456::1]/kyc                  | false | true
            http://[::ffff:10.0.0.1]/kyc               | false | true
            http://10.0.0.1.nip.io/kyc                 | false | true
            http://127.0.0.1.nip.io/kyc                | false | true
            http://app.127.0.0.1.nip.io/kyc            | false | true
            http://app-127-0-0-1.nip.io/kyc            | false | true
            http://app-7f000001.nip.io/kyc             | false | true
            http://127.0.0.1.sslip.io/kyc              | false | true
            http://--1.sslip.io/kyc                    | false | true
            http://127.0.0.1.xip.io/kyc                | false | true
            http://93.184.215.14.nip.io/kyc            | true  | true
            http://169.254.169.254/latest/meta-data    | false | false
            http://2852039166/latest/meta-data         | false | false
            http://0251.0376.0251.0376/                | false | false
            http://0xa9fea9fe/                         | false | false
            http://[::ffff:169.254.169.254]/           | false | false
            http://[::ffff:a9fe:a9fe]/                 | false | false
            http://[2002:a9fe:a9fe::]/                 | false | false
            http://[64:ff9b::a9fe:a9fe]/               | false | false
            http://[fd00:ec2::254]/                    | false | false
            http://169.254.169.254.nip.io/             | false | false
            http://169.254.1.1/                        | false | false
            http://100.64.0.1/                         | false | false
            http://100.127.255.255/                    | false | false
            http://100.128.0.1/                        | true  | true
            http://0.0.0.0/                            | false | false
            http://0/                                  | false | false
            http://[::]/                               | false | false
            http://224.0.0.1/                          | false | false
            http://[ff02::1]/                          | false | false
            http://255.255.255.255/                    | false | false
            """)
    void aUrlIsJudgedByTheAddressItSpells(final String url, final boolean inProduction, final boolean locally) {
        assertThat(PRODUCTION.refusal(url)).as("production").matches(r -> r.isEmpty() == inProduction);
        assertThat(LOCAL.refusal(url)).as("allowPrivate").matches(r -> r.isEmpty() == locally);
    }

    @Test
    void productionRequiresHttpsByDefault() {
        final AddressPolicy policy = AddressPolicy.from(Config.of(Map.of()));

        assertThat(policy.refusal("http://hooks.merchant.example/kyc")).contains("must use https");
        assertThat(policy.refusal("https://hooks.merchant.example/kyc")).isEmpty();
    }

    @Test
    void allowingPrivateAddressesAllowsHttpUnlessHttpsIsRequiredExplicitly() {
        assertThat(AddressPolicy.from(Config.of(Map.of(AddressPolicy.ALLOW_PRIVATE, "true")))
                .refusal("http://localhost:8080/kyc")).isEmpty();
        assertThat(AddressPolicy.from(Config.of(Map.of(AddressPolicy.ALLOW_PRIVATE, "true", AddressPolicy.REQUIRE_HTTPS, "true")))
                .refusal("http://localhost:8080/kyc")).contains("must use https");
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        assertThat(LOCAL.refusal("file:///etc/passwd")).isPresent();
        assertThat(LOCAL.refusal("gopher://127.0.0.1:6379/_")).isPresent();
        assertThat(LOCAL.refusal("http:///kyc")).contains("must name a host");
    }

    @Test
    void aMisspelledSwitchStopsStartUp() {
        assertThatThrownBy(() -> AddressPolicy.from(Config.of(Map.of(AddressPolicy.ALLOW_PRIVATE, "yes"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(AddressPolicy.ALLOW_PRIVATE);
    }

    @Test
    void theRefusalSaysWhatTheAddressIs() {
        assertThat(PRODUCTION.refusal("http://0x7f.1/")).contains("names a loopback address");
        assertThat(LOCAL.refusal("http://[2002:a9fe:a9fe::]/")).contains("names a cloud metadata address (embedded in IPv6)");
        assertThat(LOCAL.refusal("http://[fd00:ec2::254]/")).contains("names a cloud metadata address");
    }
}
