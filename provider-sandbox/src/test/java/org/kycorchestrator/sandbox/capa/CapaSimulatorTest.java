package org.kycorchestrator.sandbox.capa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;

/** The simulated Capa over real HTTP: the partner's calls, the end user's hosted session, and a real webhook endpoint. */
class CapaSimulatorTest {

    private static final String API_KEY = "capa-test-key";
    private static final String SECRET = "capa-test-webhook-secret";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<Duration> QUICK_SCHEDULE = List.of(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(50),
            Duration.ofMillis(50), Duration.ofMillis(50));

    private static WebhookReceiver receiver;
    private static ProviderSandbox sandbox;
    private static CapaApi api;

    @BeforeAll
    static void startSandbox() {
        receiver = WebhookReceiver.start();
        sandbox = ProviderSandbox.start(new SandboxSettings(0, "xg-key", "xg-secret", null, Duration.ofMillis(50)),
                new CapaSandboxSettings(API_KEY, SECRET, receiver.url(), Duration.ofMillis(50), QUICK_SCHEDULE));
        api = new CapaApi(sandbox.capaBaseUrl(), API_KEY);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
        receiver.close();
    }

    // --- authentication

    @Test
    void everyApiRouteWithoutTheApiKeyIs401ApiKeyIsMissing() {
        for (final String[] route : new String[][] {{"POST", CapaApi.USERS, "{}"}, {"GET", CapaApi.USERS, null},
                {"POST", CapaApi.LINK, "{}"}, {"GET", CapaApi.DETAILS + "?userId=u", null}}) {
            final HttpResponse<String> response = api.send(route[0], route[1], route[2], null);

            assertThat(response.statusCode()).as(route[1]).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"statusCode\":401,\"code\":\"UNAUTHORIZED\",\"message\":\"API Key is missing\"}");
        }
    }

    @Test
    void aWrongApiKeyIs401InvalidApiKey() {
        final HttpResponse<String> response = api.send("GET", CapaApi.USERS, null, "someone-elses-key");

        assertError(response, 401, "UNAUTHORIZED", "Invalid API Key");
    }

    @Test
    void anUnknownRouteUnderCapaIsA404InCapasEnvelope() {
        assertError(api.get("/api/partner/v2/nowhere"), 404, "NOT_FOUND_ERROR", null);
    }

    // --- POST /users

    @Test
    void creatingAUserAnswers201WithItsNewUserIdInTheSuccessEnvelope() {
        final HttpResponse<String> response = api.createUser(newId(), "ana@example.com".replace("ana", newId()));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        final JsonNode body = CapaApi.json(response);
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("data").path("userId").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(body.path("data").size()).isEqualTo(1);
    }

    @Test
    void reusingTheExternalUserIdIsA409ConflictAndMakesNoSecondUser() {
        final String externalUserId = newId();
        final String userId = api.newUser(externalUserId);

        final HttpResponse<String> retry = api.createUser(externalUserId, "other-" + externalUserId + "@example.com");

        assertError(retry, 409, "CONFLICT_ERROR", "A user with this externalUserId already exists");
        final JsonNode found = CapaApi.json(api.findUsers(externalUserId)).path("data");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("userId").asText()).isEqualTo(userId);
    }

    @Test
    void reusingTheEmailAddressInAnyCaseIsA409ConflictToo() {
        final String email = newId() + "@example.com";
        api.createUser(newId(), email);

        assertError(api.createUser(newId(), email.toUpperCase(java.util.Locale.ROOT)), 409, "CONFLICT_ERROR",
                "A user with this email already exists");
    }

    @Test
    void anEmailThatIsNotAnAddressIsTheDocumentedBadRequestAndIsNotEchoed() {
        final HttpResponse<String> response = api.post(CapaApi.USERS,
                "{\"type\":\"INDIVIDUAL\",\"email\":\"ana-at-example\",\"externalUserId\":\"" + newId() + "\"}");

        assertError(response, 400, "BAD_REQUEST", "Provided email is not valid");
        assertThat(response.body()).doesNotContain("ana-at-example");
    }

    @Test
    void aWrongTypeOrMissingFieldsAreInvalidUserInputNamingEveryField() {
        final HttpResponse<String> response = api.post(CapaApi.USERS, "{\"type\":\"PERSON\",\"externalUserId\":42}");

        assertError(response, 400, "INVALID_USER_INPUT_ERROR",
                "Invalid User Input: type must be INDIVIDUAL or BUSINESS; email is required; externalUserId must be a non-empty string");
    }

    @Test
    void aMissingMalformedOrNonObjectBodyIsInvalidUserInput() {
        assertError(api.post(CapaApi.USERS, ""), 400, "INVALID_USER_INPUT_ERROR", "Invalid User Input: the request body is required");
        assertError(api.post(CapaApi.USERS, "{\"type\":"), 400, "INVALID_USER_INPUT_ERROR", "Invalid User Input: the request body is not valid JSON");
        assertError(api.post(CapaApi.USERS, "{} {}"), 400, "INVALID_USER_INPUT_ERROR", "Invalid User Input: the request body is not valid JSON");
        assertError(api.post(CapaApi.USERS, "[]"), 400, "INVALID_USER_INPUT_ERROR", "Invalid User Input: the request body must be a JSON object");
    }

    // --- GET /users?externalUserId=

    @Test
    void theLookUpByExternalUserIdFindsTheUserOrNobody() {
        final String externalUserId = newId();
        final String userId = api.newUser(externalUserId);

        final HttpResponse<String> found = api.findUsers(externalUserId);

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).isEqualTo("{\"success\":true,\"data\":[{\"userId\":\"" + userId + "\",\"type\":\"INDIVIDUAL\","
                + "\"email\":\"" + externalUserId + "@example.com\",\"externalUserId\":\"" + externalUserId + "\"}]}");
        assertThat(api.findUsers("nobody-" + newId()).body()).isEqualTo("{\"success\":true,\"data\":[]}");
    }

    // --- POST /kyc/verification-link

    @Test
    void aMexicanLinkAnswers201StatusOkWithAKycLinkToTheHostedSession() {
        final String userId = api.newUser(newId());

        final HttpResponse<String> response = api.mexicanLink(userId);

        assertThat(response.statusCode()).isEqualTo(201);
        final JsonNode body = CapaApi.json(response);
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("data").path("kycLink").asText()).startsWith(sandbox.capaBaseUrl() + "/kyc-session/");
        final HttpResponse<String> page = CapaApi.open(body.path("data").path("kycLink").asText());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\">", "name=\"lastName\"");
    }

    @Test
    void theDominicanRepublicNeedsNoPersonalInfo() {
        final String userId = api.newUser(newId());

        final HttpResponse<String> response = api.post(CapaApi.LINK,
                "{\"userId\":\"" + userId + "\",\"country\":\"DO\",\"partnerRedirectUri\":\"" + CapaApi.REDIRECT + "\"}");

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @ParameterizedTest(name = "country {0} is refused")
    @CsvSource({"US", "ES", "XX", "mx"})
    void countriesOtherThanMexicoAndTheDominicanRepublicAreInvalidUserInput(final String country) {
        final String userId = api.newUser(newId());

        assertError(api.post(CapaApi.LINK, "{\"userId\":\"" + userId + "\",\"country\":\"" + country + "\",\"partnerRedirectUri\":\""
                + CapaApi.REDIRECT + "\"}"), 400, "INVALID_USER_INPUT_ERROR", "Invalid User Input: country must be one of MX, DO");
    }

    @Test
    void theUserIdTheCountryAndTheRedirectAreRequired() {
        assertError(api.post(CapaApi.LINK, "{}"), 400, "INVALID_USER_INPUT_ERROR",
                "Invalid User Input: userId is required; country is required; partnerRedirectUri is required");
        assertError(api.post(CapaApi.LINK, "{\"userId\":\"u\",\"country\":\"DO\",\"partnerRedirectUri\":\"shop/done\"}"), 400,
                "INVALID_USER_INPUT_ERROR", "Invalid User Input: partnerRedirectUri must be an absolute http(s) URL");
    }

    @Test
    void mexicoNeedsThePersonalInfo() {
        final String userId = api.newUser(newId());

        assertError(api.post(CapaApi.LINK, "{\"userId\":\"" + userId + "\",\"country\":\"MX\",\"partnerRedirectUri\":\""
                        + CapaApi.REDIRECT + "\"}"), 400, "INVALID_USER_INPUT_ERROR",
                "Invalid User Input: personalInfo is required when the country is MX");
        assertError(api.post(CapaApi.LINK, "{\"userId\":\"" + userId + "\",\"country\":\"MX\",\"partnerRedirectUri\":\""
                        + CapaApi.REDIRECT + "\",\"personalInfo\":{}}"), 400, "INVALID_USER_INPUT_ERROR",
                "Invalid User Input: personalInfo.profession is required; personalInfo.phoneNumber is required; "
                        + "personalInfo.birthCountry is required; personalInfo.taxId is required");
    }

    @ParameterizedTest(name = "{0} = \"{1}\" is refused")
    @CsvSource(delimiter = '|', value = {
            "profession   | Engineer       | personalInfo.profession must be one of Employee, Public Servant, Entrepreneur or Contractor, Student, Other",
            "profession   | employee       | personalInfo.profession must be one of Employee, Public Servant, Entrepreneur or Contractor, Student, Other",
            "phoneNumber  | 5512345678     | personalInfo.phoneNumber must be in international format, e.g. +5255...",
            "phoneNumber  | +52 55 1234    | personalInfo.phoneNumber must be in international format, e.g. +5255...",
            "birthCountry | Mexico         | personalInfo.birthCountry must be an ISO 3166-1 alpha-2 country code",
            "birthCountry | ZZ             | personalInfo.birthCountry must be an ISO 3166-1 alpha-2 country code",
            "taxId        | GALA780211     | personalInfo.taxId must be a Mexican RFC: 4 letters, 6 digits and 3 letters or digits",
            "taxId        | GALA780211AB1X | personalInfo.taxId must be a Mexican RFC: 4 letters, 6 digits and 3 letters or digits",
            "taxId        | GAL780211AB1   | personalInfo.taxId must be a Mexican RFC: 4 letters, 6 digits and 3 letters or digits",
    })
    void eachMexicanPersonalInfoFieldIsValidatedAndNamedButNotEchoed(final String field, final String value, final String problem) {
        final String userId = api.newUser(newId());
        final String info = CapaApi.MEXICAN_INFO.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"" + value + "\"");

        final HttpResponse<String> response = api.post(CapaApi.LINK, "{\"userId\":\"" + userId + "\",\"country\":\"MX\","
                + "\"partnerRedirectUri\":\"" + CapaApi.REDIRECT + "\",\"personalInfo\":" + info + "}");

        assertError(response, 400, "INVALID_USER_INPUT_ERROR", "Invalid User Input: " + problem);
        assertThat(response.body()).doesNotContain(value);
    }

    @Test
    void aLinkForAnUnknownUserIs404NotFoundError() {
        assertError(api.mexicanLink(UUID.randomUUID().toString()), 404, "NOT_FOUND_ERROR", "Requested user was not found");
    }

    @Test
    void aLinkForABusinessUserIs400InvalidVerificationTypeForUser() {
        final String externalUserId = newId();
        final String userId = CapaApi.json(api.post(CapaApi.USERS, "{\"type\":\"BUSINESS\",\"email\":\"" + externalUserId
                + "@example.com\",\"externalUserId\":\"" + externalUserId + "\"}")).path("data").path("userId").asText();

        assertError(api.mexicanLink(userId), 400, "INVALID_VERIFICATION_TYPE_FOR_USER", null);
    }

    @Test
    void aNewLinkReplacesTheOpenSessionWhoseLinkStopsWorking() {
        final String userId = api.newUser(newId());
        final String first = api.kycLink(userId);

        final String second = api.kycLink(userId);

        assertThat(second).isNotEqualTo(first);
        assertThat(CapaApi.open(first).statusCode()).isEqualTo(404);
        assertThat(CapaApi.submit(first, "Lovelace").statusCode()).isEqualTo(404);
        assertThat(CapaApi.open(second).statusCode()).isEqualTo(200);
    }

    @Test
    void noLinkIsIssuedOnceTheKycWasSubmitted() {
        final String userId = api.newUser(newId());
        CapaApi.submit(api.kycLink(userId), "Lovelace");

        assertError(api.mexicanLink(userId), 400, "INVALID_USER_INPUT_ERROR", null);
    }

    // --- GET /kyc/details?userId=

    @Test
    void beforeAnyLinkThereIsNoKycAndTheDetailsAre404NotFoundError() {
        assertError(api.details(api.newUser(newId())), 404, "NOT_FOUND_ERROR", "Requested KYC verification was not found");
    }

    @Test
    void theDetailsOfAnUnknownUserAre404AndAUserIdIsRequired() {
        assertError(api.details(UUID.randomUUID().toString()), 404, "NOT_FOUND_ERROR", "Requested user was not found");
        assertError(api.get(CapaApi.DETAILS), 400, "INVALID_USER_INPUT_ERROR", "Invalid User Input: userId is required");
    }

    @Test
    void afterALinkTheKycIsNotStartedAndTheDetailsShowTheSession() {
        final String userId = api.newUser(newId());
        api.kycLink(userId);

        final HttpResponse<String> details = api.details(userId);

        assertThat(details.statusCode()).isEqualTo(200);
        final JsonNode body = CapaApi.json(details);
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("data").path("aipriseSummary").path("verificationResult").asText()).isEqualTo("NOT_STARTED");
        assertThat(body.path("data").path("clientReferenceId").asText()).isEqualTo(userId);
        assertThat(body.path("data").path("clientReferenceData").path("personalInfo").toString()).isEqualTo(CapaApi.MEXICAN_INFO);
        assertThat(body.path("data").path("verificationSessionId").asText()).matches("vs_[0-9a-f]{16}");
    }

    // --- the hosted session, the verdict and the webhooks

    @ParameterizedTest(name = "last name \"{0}\" ends {1} with webhook {2}")
    @CsvSource({
            "Reject,   REJECTED,      REJECTED_KYC",
            "' review ', REVIEW_NEEDED, REVIEW_NEEDED_KYC",
            "Review,   REVIEW_NEEDED, REVIEW_NEEDED_KYC",
            "Soft,     VERIFIED,      VERIFIED_USER",
            "Lovelace, VERIFIED,      VERIFIED_USER",
    })
    void theLastNameTypedIntoTheHostedSessionChoosesTheVerdict(final String lastName, final String verdict, final String event) {
        // given a user with a link
        final String externalUserId = newId();
        final String userId = api.newUser(externalUserId);
        final String link = api.kycLink(userId);

        // when the end user submits the hosted session
        final HttpResponse<String> submitted = CapaApi.submit(link, lastName);

        // then the browser goes back to the partner, and the KYC ends with the verdict and its webhook
        assertThat(submitted.statusCode()).isEqualTo(303);
        assertThat(submitted.headers().firstValue("Location")).contains(CapaApi.REDIRECT);
        await().atMost(WAIT).until(() -> api.resultOf(userId), verdict::equals);
        await().atMost(WAIT).until(() -> receiver.acceptedEventsFor(externalUserId), events -> events.contains(event));
        assertThat(receiver.acceptedEventsFor(externalUserId)).containsExactlyInAnyOrder("CREATED_KYC", event);
    }

    @Test
    void aSubmittedSessionIsClosedAndCannotBeSubmittedAgain() {
        final String link = api.kycLink(api.newUser(newId()));
        CapaApi.submit(link, "Lovelace");

        assertThat(CapaApi.submit(link, "Reject").statusCode()).isEqualTo(404);
        assertThat(CapaApi.open(link).statusCode()).isEqualTo(404);
        assertThat(CapaApi.open(sandbox.capaBaseUrl() + "/kyc-session/unknown").statusCode()).isEqualTo(404);
    }

    @Test
    void eachWebhookIsTheCompactKycPayloadSignedWithHexHmacSha256OfItsBytes() {
        final String externalUserId = newId();
        CapaApi.submit(api.kycLink(api.newUser(externalUserId)), "Lovelace");

        await().atMost(WAIT).until(() -> receiver.acceptedEventsFor(externalUserId), events -> events.size() == 2);
        for (final WebhookReceiver.Delivery delivery : receiver.deliveriesFor(externalUserId)) {
            assertThat(delivery.method()).isEqualTo("POST");
            assertThat(delivery.contentType()).isEqualTo("application/json");
            assertThat(delivery.body()).isEqualTo("{\"type\":\"KYC\",\"event\":\"" + delivery.event() + "\",\"externalUserId\":\""
                    + externalUserId + "\"}");
            assertThat(delivery.signature()).isEqualTo(CapaWebhookSender.sign(SECRET.getBytes(StandardCharsets.UTF_8),
                    delivery.body().getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aFailedWebhookIsRetriedUntilItIsAccepted() {
        final String externalUserId = newId();
        receiver.failNext(externalUserId, 2);

        CapaApi.submit(api.kycLink(api.newUser(externalUserId)), "Lovelace");

        await().atMost(WAIT).until(() -> receiver.acceptedEventsFor(externalUserId), events -> events.size() == 2);
        assertThat(receiver.acceptedEventsFor(externalUserId)).containsExactlyInAnyOrder("CREATED_KYC", "VERIFIED_USER");
        assertThat(receiver.deliveriesFor(externalUserId)).hasSize(4);
    }

    @Test
    void aWebhookIsAttemptedFiveTimesThenGivenUpForCapaHasNoReplay() {
        final String externalUserId = newId();
        receiver.failNext(externalUserId, 100);

        CapaApi.submit(api.kycLink(api.newUser(externalUserId)), "Reject");

        // five attempts for each of the two events, and then no more
        await().atMost(WAIT).until(() -> receiver.deliveriesFor(externalUserId).size() == 10);
        await().during(Duration.ofMillis(400)).atMost(WAIT).until(() -> receiver.deliveriesFor(externalUserId).size() == 10);
        assertThat(receiver.deliveriesFor(externalUserId)).extracting(WebhookReceiver.Delivery::event)
                .containsOnly("CREATED_KYC", "REJECTED_KYC").filteredOn("CREATED_KYC"::equals).hasSize(5);
        // the KYC itself is decided all the same, for the partner to poll
        assertThat(api.resultOf(api.userIdOf(externalUserId))).isEqualTo("REJECTED");
    }

    private static String newId() {
        return "cust-" + UUID.randomUUID();
    }

    private static void assertError(final HttpResponse<String> response, final int status, final String code, final String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        final JsonNode body = CapaApi.json(response);
        assertThat(body.path("statusCode").asInt()).isEqualTo(status);
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").isTextual()).isTrue();
        if (message != null) {
            assertThat(body.path("message").asText()).isEqualTo(message);
        }
    }
}
