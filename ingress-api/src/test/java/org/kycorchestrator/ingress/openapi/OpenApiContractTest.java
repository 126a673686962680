package org.kycorchestrator.ingress.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract check itself: it passes answers the spec documents and fails every other kind. */
class OpenApiContractTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final String ACCEPTED = "{\"success\":true,\"data\":{\"customerId\":\"c-1\",\"commandId\":\"0b9e1f2a-5c3d-4e6f-8a7b-9c0d1e2f3a4b\"}}";
    private static final String NOT_FOUND = "{\"success\":false,\"errors\":[{\"code\":\"not_found\",\"message\":\"no customer 42\"}]}";
    private static final String UNAVAILABLE = "{\"success\":false,\"errors\":[{\"code\":\"service_unavailable\",\"message\":\"try again\"}]}";

    static Stream<Arguments> answers() {
        return Stream.of(
                // what was answered, and why the contract refuses it (null: it allows it)
                Arguments.of("a command accepted", new Exchange("POST", null, "/v1/customers", 202, JSON, ACCEPTED), null),
                Arguments.of("the server's route named", new Exchange("POST", "/v1/customers/{id}/kyc/link", "/v1/customers/42/kyc/link", 202, JSON,
                        ACCEPTED), null),
                Arguments.of("a status the route does not document", new Exchange("POST", null, "/v1/customers", 418, JSON, NOT_FOUND), "status 418 is not documented"),
                Arguments.of("a body without a documented field", new Exchange("POST", null, "/v1/customers", 202, JSON,
                        "{\"success\":true,\"data\":{\"customerId\":\"c-1\"}}"), "required property 'commandId' not found"),
                Arguments.of("a body with an undocumented field", new Exchange("POST", null, "/v1/customers", 202, JSON,
                        ACCEPTED.replace("}}", ",\"extra\":1}}")), "property 'extra' is not defined"),
                Arguments.of("a success envelope for an error", new Exchange("GET", null, "/v1/customers/42/kyc", 404, JSON, ACCEPTED), "required property 'errors' not found"),
                Arguments.of("a field in the wrong format", new Exchange("POST", null, "/v1/customers", 202, JSON,
                        ACCEPTED.replace("0b9e1f2a-5c3d-4e6f-8a7b-9c0d1e2f3a4b", "not-a-uuid")), "uuid"),
                Arguments.of("a body that is not JSON", new Exchange("GET", null, "/v1/customers/42/kyc", 404, JSON, "<html>"), "the body is not JSON"),
                Arguments.of("an undocumented content type", new Exchange("GET", null, "/v1/customers/42/kyc", 404,
                        Map.of("Content-Type", "text/html"), NOT_FOUND), "content type text/html is not documented"),
                Arguments.of("a 503 with Retry-After", new Exchange("GET", null, "/v1/customers/42/kyc", 503,
                        Map.of("Content-Type", "application/json", "Retry-After", "5"), UNAVAILABLE), null),
                Arguments.of("a 503 without its required Retry-After", new Exchange("GET", null, "/v1/customers/42/kyc", 503, JSON, UNAVAILABLE), "the header Retry-After is required"),
                Arguments.of("an undocumented route of the server", new Exchange("GET", "/v1/secret", "/v1/secret", 200, JSON, ACCEPTED), "the server's route /v1/secret is not documented"),
                Arguments.of("an unknown path refused", new Exchange("GET", null, "/v1/nothing-here", 404, JSON, NOT_FOUND), null),
                Arguments.of("an unknown path served", new Exchange("GET", null, "/v1/nothing-here", 200, JSON, ACCEPTED), "may only be answered 404 or 405"),
                Arguments.of("HEAD refused on a merchant route", new Exchange("HEAD", null, "/v1/customers/42/kyc", 405, JSON,
                        "{\"success\":false,\"errors\":[{\"code\":\"method_not_allowed\",\"message\":\"use GET\"}]}"), null),
                Arguments.of("the metrics in text", new Exchange("GET", null, "/metrics", 200,
                        Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8"), "jvm_threads_live_threads 12.0\n"), null));
    }

    static Stream<Arguments> acceptedRequests() {
        return Stream.of(
                // a request body the server accepted, and why the contract refuses it (null: it allows it)
                Arguments.of("POST", "/v1/customers", "{\"externalId\":\"m-1\",\"profile\":{\"email\":\"ada@example.com\",\"country\":\"GB\"}}",
                        null),
                Arguments.of("POST", "/v1/customers", "{\"externalId\":\"m-1\",\"nickname\":\"ada\"}", "property 'nickname' is not defined"),
                Arguments.of("POST", "/v1/customers", "{\"externalId\":\"m-1\",\"profile\":{\"pan\":\"abcde1234f\"}}", "pattern"),
                Arguments.of("POST", "/v1/customers", "", "the body the contract requires was not sent"),
                Arguments.of("POST", "/v1/customers/42/kyc/verification", "", null),
                Arguments.of("POST", "/v1/customers/42/kyc/link", "{\"redirectUri\":\"myapp://callback\",\"locale\":\"es-MX\"}", null),
                Arguments.of("POST", "/v1/providers/xgateway/callbacks", "{\"anything\":\"the vendor sends\"}", null));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("acceptedRequests")
    void aRequestBodyTheServerAcceptedMustConformToo(final String method, final String path, final String body, final String refusal) {
        // when a body the server accepted is checked against the documented request schema
        final var violations = OpenApiContract.fromClasspath().acceptedRequestViolations(method, path, body);

        // then the contract is never stricter than the server
        if (refusal == null) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).anySatisfy(violation -> assertThat(violation).contains(refusal));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void anAnswerConformsOnlyWhenTheContractDocumentsItsStatusHeadersAndBody(final String what, final Exchange exchange,
                                                                             final String refusal) {
        // when the answer is checked
        final var violations = OpenApiContract.fromClasspath().violations(exchange);

        // then it passes only when the contract allows it, and a failure says why
        if (refusal == null) {
            assertThat(violations).as(what).isEmpty();
        } else {
            assertThat(violations).as(what).anySatisfy(violation -> assertThat(violation).contains(refusal));
        }
    }
}
