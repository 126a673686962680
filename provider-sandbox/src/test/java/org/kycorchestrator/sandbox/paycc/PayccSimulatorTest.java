package org.kycorchestrator.sandbox.paycc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;

/** The simulated IPAYMENT Paycc API over real HTTP. */
class PayccSimulatorTest {

    private static final String USER = "merchant-user";
    private static final String PASSWORD = "merchant-password";
    private static final String MERCHANT = "MID6930000001";
    private static final String INIT = "/v1/service/paycc/init/kyc";
    private static final String UNAUTHORIZED = "{\"code\":\"0x0201\",\"status\":\"UNAUTHORIZED\",\"message\":\"Unauthorized access.\"}";

    private static ProviderSandbox sandbox;
    private static PayccApi api;

    @BeforeAll
    static void startSandbox() {
        sandbox = ProviderSandbox.start(xgatewaySettings(), new PayccSandboxSettings(USER, PASSWORD, MERCHANT, 1));
        api = new PayccApi(sandbox.payccBaseUrl(), USER, PASSWORD, MERCHANT);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void theBaseUrlIsThePayccPrefixPlusTheVendorsApiPath() {
        assertThat(sandbox.payccBaseUrl()).isEqualTo("http://localhost:" + sandbox.port() + "/paycc/api");
    }

    // --- POST /v1/service/paycc/init/kyc

    @Test
    void initAnswersSuccessWithAHostedUrlAndAKidShapedLikeTheDocumentedOne() {
        final HttpResponse<String> response = api.init("Verma");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).matches("\\{\"code\":\"0x0200\",\"status\":\"SUCCESS\",\"message\":\"Request Init\","
                + "\"data\":\\{\"url\":\"http://localhost:" + sandbox.port() + "/paycc/gateway/[A-Z0-9]{10}\","
                + "\"kid\":\"KID[0-9]{15}[A-Z0-9]{9}\"}}");
    }

    @Test
    void everyInitStartsANewKycWithItsOwnKidAndUrl() {
        final JsonNode first = PayccApi.json(api.init("Verma")).path("data");
        final JsonNode second = PayccApi.json(api.init("Verma")).path("data");

        assertThat(first.path("kid").asText()).isNotEqualTo(second.path("kid").asText());
        assertThat(first.path("url").asText()).isNotEqualTo(second.path("url").asText());
    }

    @Test
    void theHostedUrlOpensAPageWithoutCredentialsAndAnUnknownOneIs404() {
        final String url = PayccApi.json(api.init("Verma")).path("data").path("url").asText();

        final HttpResponse<String> page = PayccApi.sendTo(URI.create(url), "GET", null, null);
        final HttpResponse<String> unknown = PayccApi.sendTo(URI.create(url + "X"), "GET", null, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void anEmptyObjectIsAMissingParameterErrorNamingEveryField() {
        final HttpResponse<String> response = api.post(INIT, "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"code\":\"0x0203\",\"status\":\"MISSING_PARAMETER\",\"message\":{"
                + "\"merchantCode\":[\"The merchantCode field is required.\"],"
                + "\"mobile\":[\"The mobile field is required.\"],"
                + "\"email\":[\"The email field is required.\"],"
                + "\"name\":[\"The name field is required.\"],"
                + "\"pan\":[\"The pan field is required.\"]}}");
    }

    @Test
    void aFieldLongerThanDocumentedIsNamedWithoutEchoingItsValue() {
        final String longName = "Asha " + "x".repeat(200);
        final HttpResponse<String> response = api.post(INIT, PayccApi.initBody(MERCHANT, longName));

        assertMissingParameter(response, "name", "The name may not be greater than 200 characters.");
        assertThat(response.body()).doesNotContain(longName);
    }

    @Test
    void everyDocumentedLengthIsEnforced() {
        assertMissingParameter(api.post(INIT, PayccApi.initBody("M".repeat(21), "Asha Verma")), "merchantCode",
                "The merchantCode may not be greater than 20 characters.");
        assertMissingParameter(api.post(INIT, PayccApi.initBody(MERCHANT, "Asha Verma").replace("6393712345", "63937123450")),
                "mobile", "The mobile may not be greater than 10 characters.");
        assertMissingParameter(api.post(INIT, PayccApi.initBody(MERCHANT, "Asha Verma")
                .replace("asha@example.in", "a".repeat(190) + "@example.in")), "email", "The email may not be greater than 200 characters.");
        assertMissingParameter(api.post(INIT, PayccApi.initBody(MERCHANT, "Asha Verma").replace("ABCPV1234K", "ABCPV1234KXY")),
                "pan", "The pan may not be greater than 11 characters.");
    }

    @Test
    void aPanNotShapedAAAAA9999AAndAMobileNotOfTenDigitsAreRefused() {
        final String body = PayccApi.initBody(MERCHANT, "Asha Verma").replace("ABCPV1234K", "ABCP12345K").replace("6393712345", "63937-123");

        final HttpResponse<String> response = api.post(INIT, body);

        assertThat(response.statusCode()).isEqualTo(400);
        final JsonNode json = PayccApi.json(response);
        assertThat(json.path("code").asText()).isEqualTo("0x0203");
        assertThat(json.path("message").path("pan").get(0).asText()).isEqualTo("The pan must be a PAN like AAAAA9999A.");
        assertThat(json.path("message").path("mobile").get(0).asText()).isEqualTo("The mobile must be 10 digits.");
        assertThat(response.body()).doesNotContain("ABCP12345K").doesNotContain("63937-123");
    }

    @Test
    void aFieldThatIsNotAStringIsRefused() {
        final HttpResponse<String> response = api.post(INIT, PayccApi.initBody(MERCHANT, "Asha Verma")
                .replace("\"6393712345\"", "6393712345"));

        assertMissingParameter(response, "mobile", "The mobile must be a string.");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsAFailure() {
        for (final String body : List.of("", "not json", "[1]", "{} {}")) {
            final HttpResponse<String> response = api.post(INIT, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(PayccApi.json(response).path("code").asText()).as(body).isEqualTo("0x0202");
            assertThat(PayccApi.json(response).path("status").asText()).as(body).isEqualTo("FAILURE");
        }
    }

    @Test
    void aMerchantCodeOtherThanTheCredentialsOneIsUnauthorized() {
        final HttpResponse<String> response = api.post(INIT, PayccApi.initBody("MID0000000000", "Asha Verma"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"code\":\"0x0201\",\"status\":\"UNAUTHORIZED\","
                + "\"message\":\"The merchantCode does not belong to these credentials.\"}");
    }

    // --- authentication

    @Test
    void everyRouteAnswersUnauthorizedWithoutOrWithWrongBasicCredentials() {
        final String kid = api.startKyc("Verma");
        final List<String> wrong = new ArrayList<>();
        wrong.add(null);
        wrong.add(PayccApi.basic(USER, "not-the-password"));
        wrong.add(PayccApi.basic("someone-else", PASSWORD));
        wrong.add("Basic !!not-base64!!");
        wrong.add("Bearer " + PASSWORD);

        for (final String authorization : wrong) {
            final HttpResponse<String> init = api.send("POST", INIT, PayccApi.initBody(MERCHANT, "Asha Verma"), authorization);
            final HttpResponse<String> status = api.send("GET", "/v1/service/paycc/kyc/status/" + kid, null, authorization);
            assertThat(init.statusCode()).as(authorization).isEqualTo(401);
            assertThat(init.body()).as(authorization).isEqualTo(UNAUTHORIZED);
            assertThat(status.statusCode()).as(authorization).isEqualTo(401);
            assertThat(status.body()).as(authorization).isEqualTo(UNAUTHORIZED);
        }
    }

    @Test
    void theBasicSchemeIsCaseInsensitiveAsHttpDefinesIt() {
        final HttpResponse<String> response = api.send("POST", INIT, PayccApi.initBody(MERCHANT, "Asha Verma"),
                PayccApi.basic(USER, PASSWORD).replace("Basic", "basic"));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    // --- GET /v1/service/paycc/kyc/status/{kid}

    @Test
    void anApprovedKycIsPendingForTheFirstPollThenSuccessWithTheKycRecord() {
        final String kid = api.startKyc("Verma");

        final HttpResponse<String> pending = api.status(kid);
        final HttpResponse<String> done = api.status(kid);

        assertThat(pending.statusCode()).isEqualTo(200);
        assertThat(pending.body()).isEqualTo("{\"code\":\"0x0206\",\"status\":\"PENDING\",\"message\":\"KYC is pending.\"}");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).matches("\\{\"code\":\"0x0200\",\"status\":\"SUCCESS\",\"message\":\"KYC completed.\","
                + "\"data\":\\{\"kyc\":\\{\"name\":\"Asha Verma\",\"faceMatch\":true,\"aadhaar\":\"XXXXXXXX[0-9]{4}\","
                + "\"dob\":\"1990-01-01\",\"photo\":\"" + PayccSimulator.PHOTO.replace("+", "\\+") + "\","
                + "\"address\":\"[^\"]+\",\"pan\":\"ABCPV1234K\"}}}");
        assertThat(api.poll(kid)).as("a finished KYC keeps its answer").isEqualTo("0x0200");
    }

    @Test
    void aRejectNameEndsInAFailure() {
        final String kid = api.startKyc("Reject");

        assertThat(api.poll(kid)).isEqualTo("0x0206");
        final HttpResponse<String> failed = api.status(kid);
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.body()).isEqualTo("{\"code\":\"0x0202\",\"status\":\"FAILURE\","
                + "\"message\":\"KYC rejected: the identity could not be verified.\"}");
        assertThat(api.poll(kid)).isEqualTo("0x0202");
    }

    @Test
    void aSoftNameEndsInAFailureTooAsPayccHasNoRecoverableFailure() {
        final String kid = api.startKyc("Soft");

        assertThat(api.poll(kid)).isEqualTo("0x0206");
        assertThat(api.status(kid).body()).isEqualTo("{\"code\":\"0x0202\",\"status\":\"FAILURE\","
                + "\"message\":\"KYC not completed: the customer did not finish the KYC.\"}");
    }

    @Test
    void aReviewNameStaysPendingOnEveryPollAsPayccHasNoManualReview() {
        final String kid = api.startKyc("Review");

        for (int poll = 0; poll < 5; poll++) {
            assertThat(api.poll(kid)).isEqualTo("0x0206");
        }
    }

    @Test
    void aFlakyNameFailsTheFirstPollWithSomethingWentWrongThenBehavesNormally() {
        final String kid = api.startKyc("Flaky");

        final HttpResponse<String> fault = api.status(kid);

        assertThat(fault.statusCode()).isEqualTo(500);
        assertThat(fault.body()).isEqualTo("{\"code\":\"0x0205\",\"status\":\"SOMETHING_WENT_WRONG\","
                + "\"message\":\"Something went wrong, please try again.\"}");
        assertThat(api.poll(kid)).as("the fault was no poll: one pending poll is still due").isEqualTo("0x0206");
        assertThat(api.poll(kid)).isEqualTo("0x0200");
    }

    @Test
    void onlyTheLastWordOfTheNameCountsAndItsCaseDoesNot() {
        final String rejected = api.startKyc("Kumar rEJECT");
        final String approved = api.startKyc("Reject Kumar");

        api.poll(rejected);
        api.poll(approved);

        assertThat(api.poll(rejected)).isEqualTo("0x0202");
        assertThat(api.poll(approved)).isEqualTo("0x0200");
    }

    @Test
    void anUnknownKidIsAFailureWith404() {
        final HttpResponse<String> response = api.status("KID000000000000000UNKNOWN00");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"code\":\"0x0202\",\"status\":\"FAILURE\","
                + "\"message\":\"No KYC request was found for this kid.\"}");
    }

    @Test
    void anUnknownRouteAnswersInThePayccEnvelope() {
        final HttpResponse<String> response = api.get("/v1/service/paycc/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        final JsonNode json = PayccApi.json(response);
        assertThat(json.path("code").asText()).isEqualTo("0x0202");
        assertThat(json.path("status").asText()).isEqualTo("FAILURE");
        assertThat(json.has("message")).isTrue();
    }

    @Test
    void concurrentPollsOfOneKycAnswerPendingExactlyTheConfiguredNumberOfTimes() throws Exception {
        try (ProviderSandbox five = ProviderSandbox.start(xgatewaySettings(), new PayccSandboxSettings(USER, PASSWORD, MERCHANT, 5))) {
            final PayccApi client = new PayccApi(five.payccBaseUrl(), USER, PASSWORD, MERCHANT);
            final String kid = client.startKyc("Verma");
            final ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                final List<CompletableFuture<String>> polls = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    polls.add(CompletableFuture.supplyAsync(() -> client.poll(kid), pool));
                }
                final List<String> codes = polls.stream().map(CompletableFuture::join).toList();

                assertThat(codes).filteredOn("0x0206"::equals).hasSize(5);
                assertThat(codes).filteredOn("0x0200"::equals).hasSize(15);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void withNoPendingPollsTheFirstPollGivesTheOutcome() {
        try (ProviderSandbox none = ProviderSandbox.start(xgatewaySettings(), new PayccSandboxSettings(USER, PASSWORD, MERCHANT, 0))) {
            final PayccApi client = new PayccApi(none.payccBaseUrl(), USER, PASSWORD, MERCHANT);

            assertThat(client.poll(client.startKyc("Verma"))).isEqualTo("0x0200");
        }
    }

    @Test
    void theSandboxStartedWithoutPayccSettingsUsesTheDefaults() {
        try (ProviderSandbox defaults = ProviderSandbox.start(xgatewaySettings())) {
            final PayccApi client = new PayccApi(defaults.payccBaseUrl(), PayccSandboxSettings.DEFAULT_USER,
                    PayccSandboxSettings.DEFAULT_PASSWORD, PayccSandboxSettings.DEFAULT_MERCHANT_CODE);
            final String kid = client.startKyc("Verma");

            assertThat(client.poll(kid)).isEqualTo("0x0206");
            assertThat(client.poll(kid)).isEqualTo("0x0200");
        }
    }

    private static void assertMissingParameter(final HttpResponse<String> response, final String field, final String error) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"code\":\"0x0203\",\"status\":\"MISSING_PARAMETER\",\"message\":{\""
                + field + "\":[\"" + error + "\"]}}");
    }

    private static SandboxSettings xgatewaySettings() {
        return new SandboxSettings(0, "k", "s", null, Duration.ofMillis(10));
    }
}
