package org.kycorchestrator.sandbox.xgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;

/** The simulated xGateway API over real HTTP, with a real merchant endpoint receiving its callbacks. */
class XGatewaySimulatorTest {

    private static final String API_KEY = "test-api-key";
    private static final String SECRET = "test-secret";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String UNAUTHORIZED =
            "{\"success\":false,\"errors\":[{\"code\":\"unauthorized\",\"message\":\"You do not have permission to access this resource.\"}]}";

    private static CallbackReceiver receiver;
    private static ProviderSandbox sandbox;
    private static XGatewayApi api;

    @BeforeAll
    static void startSandbox() {
        receiver = CallbackReceiver.start();
        sandbox = ProviderSandbox.start(new SandboxSettings(0, API_KEY, SECRET, receiver.url(), Duration.ofMillis(50)));
        api = new XGatewayApi(sandbox.xgatewayBaseUrl(), API_KEY);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
        receiver.close();
    }

    // --- POST /customer/{id}/bank-transfer/user

    @Test
    void creatingAUserAnswers201WithTheIdAndStatusCreated() {
        final String id = newCustomerId();

        final HttpResponse<String> response = api.createUser(id, "Lovelace");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"success\":true,\"data\":{\"id\":\"" + id + "\",\"status\":\"CREATED\"}}");
    }

    @Test
    void retryingTheUserCreationUpdatesTheSameUserAnswers200AndKeepsItsStatus() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");
        api.initiate(id);

        final HttpResponse<String> retry = api.createUser(id, "Lovelace");

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(XGatewayApi.json(retry).path("data").path("id").asText()).isEqualTo(id);
        assertThat(XGatewayApi.json(retry).path("data").path("status").asText()).isEqualTo("PENDING_KYC_DATA");
        assertThat(api.statusOf(id)).isEqualTo("PENDING_KYC_DATA");
    }

    @Test
    void unknownFieldsInTheUserProfileAreIgnored() {
        final HttpResponse<String> response = api.post(XGatewayApi.userPath(newCustomerId()),
                "{\"lastName\":\"Lovelace\",\"favouriteColour\":\"green\",\"nested\":{\"a\":[1,2]}}");

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void aUserProfileFieldThatIsNotAStringIsABadRequest() {
        final HttpResponse<String> response = api.post(XGatewayApi.userPath(newCustomerId()), "{\"lastName\":42}");

        assertError(response, 400, "bad_request");
        assertThat(errorMessage(response)).contains("lastName");
    }

    @Test
    void theAgreementHashesMustBeBase64Sha256AndAreNamedWhenTheyAreNot() {
        final String id = newCustomerId();
        final String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

        for (final String body : List.of("{\"acceptedPrivacyPolicyHash\":\"accepted\"}",
                "{\"acceptedPrivacyPolicyHash\":\"" + sixteenBytes + "\"}",
                "{\"acceptedPrivacyPolicyHash\":true}")) {
            final HttpResponse<String> response = api.post(XGatewayApi.userPath(id), body);
            assertError(response, 400, "bad_request");
            assertThat(errorMessage(response)).contains("acceptedPrivacyPolicyHash");
        }
        final HttpResponse<String> terms = api.post(XGatewayApi.userPath(id), "{\"acceptedTermsAndConditionsHash\":\"x\"}");
        assertError(terms, 400, "bad_request");
        assertThat(errorMessage(terms)).contains("acceptedTermsAndConditionsHash");
        assertError(api.kycStatus(id), 404, "not_found");
    }

    @Test
    void aMalformedJsonBodyIsABadRequest() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");

        assertError(api.post(XGatewayApi.userPath(id), "{\"lastName\":"), 400, "bad_request");
        assertError(api.post(XGatewayApi.kycPath(id) + "/initiate", "not json"), 400, "bad_request");
        assertError(api.post(XGatewayApi.kycPath(id) + "/initiate", "{} {}"), 400, "bad_request");
        assertError(api.post(XGatewayApi.kycPath(id) + "/initiate", "[\"en\"]"), 400, "bad_request");
    }

    // --- POST /customer/{id}/bank-transfer/kyc/applicant

    @Test
    void creatingTheApplicantAnswers201WithItsIdAndMovesACreatedCustomerToKycNeeded() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");

        final HttpResponse<String> response = api.createApplicant(id);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).matches("\\{\"success\":true,\"data\":\\{\"id\":\"[0-9a-f]{24}\"}}");
        assertThat(api.statusOf(id)).isEqualTo("KYC_NEEDED");
    }

    @Test
    void retryingTheApplicantCreationAnswers200WithTheSameApplicant() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");
        final String first = applicantId(api.createApplicant(id));

        final HttpResponse<String> retry = api.createApplicant(id);

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(applicantId(retry)).isEqualTo(first);
        assertThat(api.statusOf(id)).isEqualTo("KYC_NEEDED");
    }

    @Test
    void everyCustomerGetsAnApplicantOfItsOwn() {
        final String one = newCustomerId();
        final String other = newCustomerId();
        api.createUser(one, "Lovelace");
        api.createUser(other, "Lovelace");

        assertThat(applicantId(api.createApplicant(one))).isNotEqualTo(applicantId(api.createApplicant(other)));
    }

    @Test
    void theApplicantBodyIsOptionalAndIgnoredButMustBeAJsonObjectWhenSent() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");

        assertError(api.post(XGatewayApi.kycPath(id) + "/applicant", "not json"), 400, "bad_request");
        assertError(api.post(XGatewayApi.kycPath(id) + "/applicant", "[]"), 400, "bad_request");
        assertThat(api.statusOf(id)).as("a refused call creates nothing").isEqualTo("CREATED");
        assertThat(api.post(XGatewayApi.kycPath(id) + "/applicant", null).statusCode()).isEqualTo(201);
        assertThat(api.post(XGatewayApi.kycPath(id) + "/applicant", "{\"levelName\":\"basic\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void anApplicantForACustomerWithoutAProfileIs404AndCreatesNothing() {
        final String id = newCustomerId();

        final HttpResponse<String> response = api.createApplicant(id);

        assertError(response, 404, "not_found");
        assertThat(errorMessage(response)).contains(id);
        assertError(api.kycStatus(id), 404, "not_found");
    }

    @Test
    void anApplicantCreatedAfterTheCheckoutLinkLeavesTheStatusPendingKycData() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");
        api.initiate(id);

        assertThat(api.createApplicant(id).statusCode()).isEqualTo(201);

        assertThat(api.statusOf(id)).isEqualTo("PENDING_KYC_DATA");
    }

    // --- POST /customer/{id}/bank-transfer/kyc/initiate

    @Test
    void initiatingKycAnswers201WithACheckoutUrlInTheRequestedLocaleAndMovesTheCustomerToPendingKycData() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");

        final HttpResponse<String> response = api.post(XGatewayApi.kycPath(id) + "/initiate",
                "{\"isKycNoSdk\":true,\"applicationId\":\"app-1\",\"locale\":\"de\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        final JsonNode body = XGatewayApi.json(response);
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("data").asText())
                .matches("http://localhost:" + sandbox.port() + "/xgateway/checkout/[0-9a-f]{32}\\?locale=de");
        assertThat(api.statusOf(id)).isEqualTo("PENDING_KYC_DATA");
    }

    @Test
    void everyCheckoutLinkIsNewAndDefaultsToLocaleEn() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");

        final String first = XGatewayApi.json(api.initiate(id)).path("data").asText();
        final String second = XGatewayApi.json(api.initiate(id)).path("data").asText();

        assertThat(first).endsWith("?locale=en").isNotEqualTo(second);
        assertThat(second).endsWith("?locale=en");
        assertThat(api.statusOf(id)).isEqualTo("PENDING_KYC_DATA");
    }

    @Test
    void theCheckoutLinkOpensAPage() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");
        final URI link = URI.create(XGatewayApi.json(api.initiate(id)).path("data").asText());

        final HttpResponse<String> page = XGatewayApi.sendTo(link, "GET", null, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("xGateway sandbox checkout");
        assertThat(XGatewayApi.sendTo(URI.create("http://localhost:" + sandbox.port() + "/xgateway/checkout/nope"),
                "GET", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void initiatingKycWithoutABodyIsABadRequest() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");

        assertError(api.post(XGatewayApi.kycPath(id) + "/initiate", null), 400, "bad_request");
        assertError(api.post(XGatewayApi.kycPath(id) + "/initiate", "{\"locale\":7}"), 400, "bad_request");
        assertThat(api.statusOf(id)).isEqualTo("CREATED");
    }

    // --- unknown customers, unknown routes, authentication

    @Test
    void everyRouteButVerificationAnswers404NotFoundForAnUnknownCustomer() {
        final String id = newCustomerId();

        assertError(api.createApplicant(id), 404, "not_found");
        assertError(api.initiate(id), 404, "not_found");
        assertError(api.kycStatus(id), 404, "not_found");
        assertThat(errorMessage(api.kycStatus(id))).contains(id);
    }

    @Test
    void anUnknownRouteAnswers404InTheXGatewayErrorFormat() {
        assertError(api.get("/customer/" + newCustomerId() + "/no-such-thing"), 404, "not_found");
    }

    @Test
    void everyRouteAnswers401WithoutTheApiKeyOrWithAWrongOne() {
        final String id = newCustomerId();
        api.readyForVerification(id, "Lovelace");
        final List<String[]> routes = List.of(
                new String[] {"POST", XGatewayApi.userPath(id), "{\"lastName\":\"Lovelace\"}"},
                new String[] {"POST", XGatewayApi.kycPath(id) + "/applicant", "{}"},
                new String[] {"POST", XGatewayApi.kycPath(id) + "/initiate", "{}"},
                new String[] {"POST", XGatewayApi.kycPath(id) + "/verification", null},
                new String[] {"GET", XGatewayApi.kycPath(id), null});

        for (final String[] route : routes) {
            for (final String key : new String[] {null, "wrong-key", ""}) {
                final HttpResponse<String> response = api.send(route[0], route[1], route[2], key);
                assertThat(response.statusCode()).as("%s %s with key %s", route[0], route[1], key).isEqualTo(401);
                assertThat(response.body()).isEqualTo(UNAUTHORIZED);
            }
        }
        assertThat(api.statusOf(id)).as("nothing happened without the key").isEqualTo("PENDING_KYC_DATA");
    }

    // --- POST /customer/{id}/bank-transfer/kyc/verification

    @Test
    void aNewUserMissesEveryPreconditionButTheProfileAndTheRefusalChangesNothing() {
        final String id = newCustomerId();
        api.createUserWithoutAgreements(id, "Lovelace");

        final HttpResponse<String> response = api.verify(id);

        assertError(response, 400, "precondition_failed");
        assertThat(errorMessage(response)).contains("missing: applicant, documents, agreements, status.")
                .contains("The KYC status is CREATED");
        assertThat(api.statusOf(id)).isEqualTo("CREATED");
    }

    @Test
    void verifyingACustomerWithoutAProfileIsAPreconditionFailureListingEverything() {
        final String id = newCustomerId();

        final HttpResponse<String> response = api.verify(id);

        assertError(response, 400, "precondition_failed");
        assertThat(errorMessage(response)).contains("missing: profile, applicant, documents, agreements, status.");
        assertError(api.kycStatus(id), 404, "not_found");
    }

    @Test
    void verifyingWithoutAnApplicantNamesOnlyTheApplicant() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");
        api.initiate(id);

        final HttpResponse<String> response = api.verify(id);

        assertError(response, 400, "precondition_failed");
        assertThat(errorMessage(response)).isEqualTo("KYC verification cannot start, missing: applicant.");
        assertThat(api.statusOf(id)).isEqualTo("PENDING_KYC_DATA");
    }

    @Test
    void withoutACheckoutLinkTheDocumentsAreMissingAndTheStatusIsStillKycNeeded() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");
        api.createApplicant(id);

        final HttpResponse<String> response = api.verify(id);

        assertError(response, 400, "precondition_failed");
        assertThat(errorMessage(response)).contains("missing: documents, status.").contains("The KYC status is KYC_NEEDED");
    }

    @Test
    void verifyingWithoutAcceptedAgreementsNamesTheAgreementsUntilBothAreAccepted() {
        final String id = newCustomerId();
        api.createUserWithoutAgreements(id, "Lovelace");
        api.createApplicant(id);
        api.initiate(id);
        assertThat(errorMessage(api.verify(id))).isEqualTo("KYC verification cannot start, missing: agreements.");

        api.post(XGatewayApi.userPath(id), "{\"acceptedPrivacyPolicyHash\":\"" + XGatewayApi.PRIVACY_POLICY_HASH + "\"}");
        assertThat(errorMessage(api.verify(id))).as("only one of the two").contains("missing: agreements.");

        api.post(XGatewayApi.userPath(id), "{\"acceptedTermsAndConditionsHash\":\"" + XGatewayApi.TERMS_HASH + "\"}");
        assertThat(api.verify(id).statusCode()).isEqualTo(204);
    }

    @Test
    void anAgreementClearedWithNullIsMissingAgain() {
        final String id = newCustomerId();
        api.readyForVerification(id, "Lovelace");

        api.post(XGatewayApi.userPath(id), "{\"acceptedTermsAndConditionsHash\":null}");

        assertThat(errorMessage(api.verify(id))).isEqualTo("KYC verification cannot start, missing: agreements.");
    }

    @Test
    void anApprovedCustomerGets204ThenAFullUserCallbackWithTheCorrectHash() {
        final String id = newCustomerId();
        api.readyForVerification(id, "Lovelace");

        final HttpResponse<String> response = api.verify(id);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        final CallbackReceiver.Delivery callback = awaitCallbacks(id, 1).get(0);
        assertThat(callback.method()).isEqualTo("POST");
        assertThat(callback.contentType()).startsWith("application/json");
        assertThat(callback.body()).isEqualTo("{\"callbackType\":\"kyc\",\"customerId\":\"" + id + "\",\"docsMissing\":[],"
                + "\"kycRejectLabel\":null,\"kycEndUserErrorMessage\":null,\"status\":\"FULL_USER\",\"hash\":\""
                + expectedHash(id) + "\"}");
        assertThat(XGatewayApi.json(api.kycStatus(id))).isEqualTo(XGatewayApi.json(okStatus(id, "FULL_USER", "[]", null)));
    }

    @Test
    void aRejectCustomerEndsHardKycFailedWithAForgeryLabelInTheCallback() {
        final String id = newCustomerId();
        api.readyForVerification(id, "reject");

        assertThat(api.verify(id).statusCode()).isEqualTo(204);

        final JsonNode callback = awaitCallbacks(id, 1).get(0).json();
        assertThat(callback.path("callbackType").asText()).isEqualTo("kyc");
        assertThat(callback.path("customerId").asText()).isEqualTo(id);
        assertThat(callback.path("status").asText()).isEqualTo("HARD_KYC_FAILED");
        assertThat(callback.path("kycRejectLabel").toString()).isEqualTo("[\"FORGERY\"]");
        assertThat(callback.path("kycEndUserErrorMessage").asText()).isEqualTo("We could not verify your identity.");
        assertThat(callback.path("docsMissing").toString()).isEqualTo("[]");
        assertThat(callback.path("hash").asText()).isEqualTo(expectedHash(id));
        assertThat(XGatewayApi.json(api.kycStatus(id))).isEqualTo(XGatewayApi.json(
                okStatus(id, "HARD_KYC_FAILED", "[]", "We could not verify your identity.")));
    }

    @Test
    void aSoftCustomerMissesASelfieAndPassesOnceTheProfileIsFixedAndVerifiedAgain() {
        final String id = newCustomerId();
        api.readyForVerification(id, "Soft");
        api.verify(id);

        final JsonNode callback = awaitCallbacks(id, 1).get(0).json();
        assertThat(callback.path("status").asText()).isEqualTo("SOFT_KYC_FAILED");
        assertThat(callback.path("docsMissing").toString()).isEqualTo("[{\"docType\":\"SELFIE\"}]");
        assertThat(callback.path("kycRejectLabel").isNull()).isTrue();
        assertThat(XGatewayApi.json(api.kycStatus(id))).isEqualTo(XGatewayApi.json(
                okStatus(id, "SOFT_KYC_FAILED", "[{\"docType\":\"SELFIE\"}]", "Please upload a clear selfie.")));

        api.post(XGatewayApi.userPath(id), "{\"lastName\":\"Lovelace\"}");
        assertThat(api.verify(id).statusCode()).isEqualTo(204);

        assertThat(awaitCallbacks(id, 2).get(1).json().path("status").asText()).isEqualTo("FULL_USER");
        assertThat(api.statusOf(id)).isEqualTo("FULL_USER");
    }

    @Test
    void aDecidedCustomerCannotBeVerifiedAgain() {
        final String id = newCustomerId();
        api.readyForVerification(id, "Lovelace");
        api.verify(id);
        awaitCallbacks(id, 1);

        final HttpResponse<String> again = api.verify(id);

        assertError(again, 400, "precondition_failed");
        assertThat(errorMessage(again)).contains("missing: status.").contains("The KYC status is FULL_USER");
    }

    @Test
    void aFlakyCustomersFirstVerificationIs500AndTheRetryIs204() {
        final String id = newCustomerId();
        api.readyForVerification(id, "Flaky");

        final HttpResponse<String> first = api.verify(id);
        assertError(first, 500, "internal_server_error");
        assertThat(api.statusOf(id)).isEqualTo("PENDING_KYC_DATA");

        assertThat(api.verify(id).statusCode()).isEqualTo(204);
        assertThat(awaitCallbacks(id, 1).get(0).json().path("status").asText()).isEqualTo("FULL_USER");
        assertThat(api.statusOf(id)).isEqualTo("FULL_USER");
    }

    @Test
    void aCallbackAnswered500IsRetriedUntilItIsAccepted() {
        final String id = newCustomerId();
        receiver.failNext(id, 1);
        api.readyForVerification(id, "Lovelace");

        api.verify(id);

        final List<CallbackReceiver.Delivery> deliveries = awaitCallbacks(id, 2);
        assertThat(deliveries).extracting(CallbackReceiver.Delivery::answeredWith).containsExactly(500, 200);
        assertThat(deliveries.get(1).body()).isEqualTo(deliveries.get(0).body());
    }

    @Test
    void theStatusIsKycPendingWhileTheVerificationRunsAndNoCallbackIsSentWithoutACallbackUrl() {
        try (ProviderSandbox slow = ProviderSandbox.start(
                new SandboxSettings(0, API_KEY, SECRET, null, Duration.ofSeconds(2)))) {
            final XGatewayApi slowApi = new XGatewayApi(slow.xgatewayBaseUrl(), API_KEY);
            final String id = newCustomerId();
            slowApi.readyForVerification(id, "Lovelace");

            assertThat(slowApi.verify(id).statusCode()).isEqualTo(204);
            assertThat(slowApi.statusOf(id)).isEqualTo("KYC_PENDING");
            assertThat(slowApi.verify(id).statusCode()).as("KYC_PENDING may be verified again").isEqualTo(204);

            await().atMost(WAIT).until(() -> slowApi.statusOf(id).equals("FULL_USER"));
            assertThat(receiver.deliveriesFor(id)).isEmpty();
        }
    }

    // --- helpers

    private static String newCustomerId() {
        return "cust-" + UUID.randomUUID();
    }

    private static List<CallbackReceiver.Delivery> awaitCallbacks(final String customerId, final int count) {
        return await().atMost(WAIT).until(() -> receiver.deliveriesFor(customerId), list -> list.size() >= count);
    }

    private static String applicantId(final HttpResponse<String> response) {
        return XGatewayApi.json(response).path("data").path("id").asText();
    }

    private static String expectedHash(final String customerId) throws IllegalStateException {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512")
                    .digest((customerId + "." + SECRET).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String okStatus(final String id, final String status, final String docsMissing, final String message) {
        return "{\"success\":true,\"data\":{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"docsMissing\":"
                + docsMissing + ",\"kycEndUserErrorMessage\":" + (message == null ? "null" : "\"" + message + "\"") + "}}";
    }

    private static void assertError(final HttpResponse<String> response, final int status, final String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        final JsonNode body = XGatewayApi.json(response);
        assertThat(body.path("success").isBoolean()).isTrue();
        assertThat(body.path("success").asBoolean()).isFalse();
        assertThat(body.path("errors")).hasSize(1);
        assertThat(body.path("errors").get(0).path("code").asText()).isEqualTo(code);
        assertThat(body.path("errors").get(0).path("message").asText()).isNotBlank();
        assertThat(body.size()).as("only success and errors").isEqualTo(2);
    }

    private static String errorMessage(final HttpResponse<String> response) {
        return XGatewayApi.json(response).path("errors").get(0).path("message").asText();
    }
}
