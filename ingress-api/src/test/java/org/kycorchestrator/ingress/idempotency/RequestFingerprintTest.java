package org.kycorchestrator.ingress.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RequestFingerprintTest {

    private static final String JSON = "application/json";
    private static final String FIRST = "{\"externalId\":\"u-1\",\"profile\":{\"country\":\"GB\",\"firstName\":\"Ada\"}}";

    /** A request compared with the first one, and whether it is the same request. */
    private record Other(String method, String path, String tenant, String contentType, String body, boolean same) {
        @Override
        public String toString() {
            return method + " " + path + " as " + tenant + " (" + contentType + ") " + body + (same ? ": the same" : ": another");
        }
    }

    static Stream<Other> others() {
        return Stream.of(
                new Other("POST", "/v1/customers", "acme", JSON, FIRST, true),
                new Other("POST", "/v1/customers", "acme", "application/json; charset=utf-8",
                        "{ \"profile\" : { \"firstName\":\"Ada\", \"country\":\"GB\" },\n \"externalId\":\"u-1\" }", true),
                new Other("POST", "/v1/customers", "acme", JSON, "{\"externalId\":\"u-\\u0031\",\"profile\":{\"country\":\"GB\",\"firstName\":\"Ada\"}}", true),
                new Other("POST", "/v1/customers", "acme", JSON, FIRST.replace("u-1", "u-2"), false),
                new Other("POST", "/v1/customers", "acme", JSON, "{\"externalId\":\"u-1\",\"profile\":{\"country\":\"GB\"}}", false),
                new Other("POST", "/v1/customers", "globex", JSON, FIRST, false),
                new Other("PATCH", "/v1/customers", "acme", JSON, FIRST, false),
                new Other("POST", "/v1/customers/c1/kyc/link", "acme", JSON, FIRST, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("others")
    void twoRequestsAreTheSameWhenMethodPathTenantAndJsonAreTheSame(final Other other) {
        final String first = RequestFingerprint.of("POST", "/v1/customers", "acme", JSON, FIRST.getBytes(StandardCharsets.UTF_8), "x");

        final String fingerprint = RequestFingerprint.of(other.method(), other.path(), other.tenant(), other.contentType(),
                other.body().getBytes(StandardCharsets.UTF_8), "x");

        assertThat(fingerprint.equals(first)).isEqualTo(other.same());
    }

    @ParameterizedTest(name = "an empty body is the same as {0}: {1}")
    @CsvSource(delimiter = '|', value = {"{} | true", "{ } | true", "{\"locale\":\"en\"} | false"})
    void anEmptyBodyIsTheSameAsAnEmptyObject(final String body, final boolean same) {
        final String empty = RequestFingerprint.of("POST", "/v1/customers/c1/kyc/verification", "acme", "", new byte[0], "x");

        final String other = RequestFingerprint.of("POST", "/v1/customers/c1/kyc/verification", "acme", JSON, body.getBytes(StandardCharsets.UTF_8), "x");

        assertThat(other.equals(empty)).isEqualTo(same);
    }

    @ParameterizedTest(name = "a multipart body stands for the command it made: {1}")
    @CsvSource(delimiter = '|', value = {
            "document-sha256-a | true",
            "document-sha256-b | false",
    })
    void aBodyThatIsNotJsonIsTheCommandItMade(final String command, final boolean same) {
        // a multipart body is read by its route as parts, not as bytes again
        final String first = RequestFingerprint.of("POST", "/v1/customers/c1/kyc/documents", "acme", "multipart/form-data; boundary=one",
                null, "document-sha256-a");

        final String other = RequestFingerprint.of("POST", "/v1/customers/c1/kyc/documents", "acme", "multipart/form-data; boundary=two",
                null, command);

        assertThat(other.equals(first)).isEqualTo(same);
    }
}
