package org.kycorchestrator.sandbox.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;

/**
 * Every route of the simulated Grid API over real HTTP: shapes, auth and errors. The hosted flow's
 * step is an hour here, so nothing moves on its own during these tests (see GridHostedFlowTest).
 */
class GridSimulatorTest {

    private static final String CLIENT_ID = "grid-test-client";
    private static final String SECRET = "grid-test-secret";

    private static ProviderSandbox sandbox;
    private static GridApi api;

    @BeforeAll
    static void startSandbox() {
        sandbox = ProviderSandbox.start(new SandboxSettings(0, "k", "s", null, Duration.ofMillis(10)),
                new GridSettings(CLIENT_ID, SECRET, null, Duration.ofHours(1)));
        api = new GridApi(sandbox.gridBaseUrl(), CLIENT_ID, SECRET);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void theBaseUrlIsTheGridPrefixFollowedByGridsOwnBasePath() {
        assertThat(sandbox.gridBaseUrl()).isEqualTo("http://localhost:" + sandbox.port() + "/grid/grid/2025-10-13");
    }

    @Test
    void theWebhookPublicKeyIsAPemOfAnEcKey() {
        assertThat(sandbox.gridWebhookPublicKeyPem())
                .startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(WebhookSignatures.publicKey(sandbox.gridWebhookPublicKeyPem()).getAlgorithm()).isEqualTo("EC");
    }

    // --- auth

    @Test
    void everyRouteRefusesMissingOrWrongBasicCredentialsWithGridsEnvelope() {
        final String customerId = api.createCustomer(newPlatformId(), "Ada Lovelace");
        final List<Map<String, String>> badHeaders = List.of(Map.of(),
                Map.of("Authorization", GridApi.basic(CLIENT_ID, "wrong")),
                Map.of("Authorization", GridApi.basic("someone", SECRET)),
                Map.of("Authorization", "Bearer " + SECRET),
                Map.of("Authorization", "Basic not-base64!"));
        final List<String[]> routes = List.of(new String[] {"POST", "/customers"}, new String[] {"GET", "/customers"},
                new String[] {"GET", "/customers/" + customerId}, new String[] {"PATCH", "/customers/" + customerId},
                new String[] {"POST", "/customers/" + customerId + "/kyc-link"}, new String[] {"GET", "/verifications"},
                new String[] {"GET", "/no-such-route"});
        for (final String[] route : routes) {
            for (final Map<String, String> headers : badHeaders) {
                final HttpResponse<String> response = api.send(route[0], route[1], route[0].equals("GET") ? null : "{}", headers);
                assertError(response, 401, "UNAUTHORIZED");
            }
        }
    }

    @Test
    void anUnknownRouteUnderThePrefixIsA404InGridsEnvelope() {
        assertError(api.get("/no-such-route"), 404, "NOT_FOUND");
    }

    // --- POST /customers

    @Test
    void creatingACustomerAnswers201WithGridsOwnIdOurPlatformIdAndStatusUnverified() {
        final String platformId = newPlatformId();

        final HttpResponse<String> response = api.post("/customers", "{\"platformCustomerId\":\"" + platformId
                + "\",\"customerType\":\"INDIVIDUAL\",\"fullName\":\"Ada Lovelace\",\"email\":\"ada@example.com\","
                + "\"phoneNumber\":\"+441234567890\",\"birthDate\":\"1815-12-10\",\"nationality\":\"GB\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        final JsonNode customer = GridApi.json(response);
        assertThat(customer.path("id").asText()).matches("Customer:[0-9a-f-]{36}");
        assertThat(customer.path("platformCustomerId").asText()).isEqualTo(platformId);
        assertThat(customer.path("customerType").asText()).isEqualTo("INDIVIDUAL");
        assertThat(customer.path("kycStatus").asText()).isEqualTo("UNVERIFIED");
        assertThat(customer.path("umaAddress").asText()).startsWith("$");
        assertThat(customer.path("fullName").asText()).isEqualTo("Ada Lovelace");
        assertThat(customer.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(customer.path("phoneNumber").asText()).isEqualTo("+441234567890");
        assertThat(customer.path("birthDate").asText()).isEqualTo("1815-12-10");
        assertThat(customer.path("nationality").asText()).isEqualTo("GB");
        assertThat(Instant.parse(customer.path("createdAt").asText())).isEqualTo(Instant.parse(customer.path("updatedAt").asText()));
        assertThat(customer.path("isDeleted").asBoolean(true)).isFalse();
        assertThat(GridApi.json(api.customer(customer.path("id").asText()))).isEqualTo(customer);
    }

    @Test
    void aSecondCustomerWithTheSamePlatformIdIsAConflictAndCreatesNothing() {
        final String platformId = newPlatformId();
        final String first = api.createCustomer(platformId, "Ada Lovelace");

        final HttpResponse<String> second = api.post("/customers",
                "{\"platformCustomerId\":\"" + platformId + "\",\"customerType\":\"INDIVIDUAL\",\"fullName\":\"Ada Byron\"}");

        assertError(second, 409, "CONFLICT");
        final JsonNode page = GridApi.json(api.get("/customers?platformCustomerId=" + platformId));
        assertThat(page.path("data")).hasSize(1);
        assertThat(page.path("data").path(0).path("id").asText()).isEqualTo(first);
        assertThat(page.path("data").path(0).path("fullName").asText()).isEqualTo("Ada Lovelace");
    }

    @Test
    void withoutAPlatformIdGridMakesOneUp() {
        final HttpResponse<String> response = api.post("/customers", "{\"customerType\":\"INDIVIDUAL\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(GridApi.json(response).path("platformCustomerId").asText()).isNotBlank();
    }

    @Test
    void aCustomerTypeThatIsMissingOrNotIndividualIsInvalidInputNamingTheField() {
        for (final String body : List.of("{}", "{\"customerType\":\"BUSINESS\"}", "{\"customerType\":\"PERSON\"}",
                "{\"customerType\":1}")) {
            final HttpResponse<String> response = api.post("/customers", body);
            assertError(response, 400, "INVALID_INPUT");
            assertThat(GridApi.json(response).path("details").path("errors").path(0).path("field").asText()).isEqualTo("customerType");
        }
    }

    @Test
    void aFieldOfTheWrongTypeOrFormatIsInvalidInputNamingTheFieldButNotItsValue() {
        final Map<String, String> bodies = Map.of(
                "fullName", "{\"customerType\":\"INDIVIDUAL\",\"fullName\":42}",
                "birthDate", "{\"customerType\":\"INDIVIDUAL\",\"birthDate\":\"10/12/1815\"}",
                "nationality", "{\"customerType\":\"INDIVIDUAL\",\"nationality\":\"Britain\"}",
                "platformCustomerId", "{\"customerType\":\"INDIVIDUAL\",\"platformCustomerId\":\" \"}");
        bodies.forEach((field, body) -> {
            final HttpResponse<String> response = api.post("/customers", body);
            assertError(response, 400, "INVALID_INPUT");
            assertThat(GridApi.json(response).path("details").path("errors").path(0).path("field").asText()).isEqualTo(field);
            assertThat(response.body()).doesNotContain("1815").doesNotContain("Britain");
        });
    }

    @Test
    void aMissingOrMalformedBodyIsInvalidInput() {
        assertError(api.post("/customers", null), 400, "INVALID_INPUT");
        assertError(api.post("/customers", "{\"customerType\":"), 400, "INVALID_INPUT");
        assertError(api.post("/customers", "[\"INDIVIDUAL\"]"), 400, "INVALID_INPUT");
        assertError(api.post("/customers", "{} {}"), 400, "INVALID_INPUT");
    }

    // --- GET /customers, GET and PATCH /customers/{customerId}

    @Test
    void listingByPlatformIdFindsExactlyThatCustomerOnOnePage() {
        final String platformId = newPlatformId();
        final String id = api.createCustomer(platformId, "Ada Lovelace");
        api.createCustomer(newPlatformId(), "Charles Babbage");

        final JsonNode page = GridApi.json(api.get("/customers?platformCustomerId=" + platformId + "&limit=20"));

        assertThat(page.path("data")).hasSize(1);
        assertThat(page.path("data").path(0).path("id").asText()).isEqualTo(id);
        assertThat(page.path("hasMore").asBoolean(true)).isFalse();
        assertThat(page.path("totalCount").asInt()).isEqualTo(1);
        assertThat(GridApi.json(api.get("/customers?platformCustomerId=nobody-" + UUID.randomUUID())).path("data")).isEmpty();
    }

    @Test
    void aLimitOutsideOneToAHundredIsInvalidInput() {
        for (final String limit : List.of("0", "101", "ten")) {
            assertError(api.get("/customers?limit=" + limit), 400, "INVALID_INPUT");
            assertError(api.get("/verifications?limit=" + limit), 400, "INVALID_INPUT");
        }
    }

    @Test
    void anUnknownCustomerIsA404UserNotFoundOnEveryCustomerRoute() {
        final String unknown = "Customer:" + UUID.randomUUID();

        assertError(api.customer(unknown), 404, "USER_NOT_FOUND");
        assertError(api.patch("/customers/" + unknown, "{\"customerType\":\"INDIVIDUAL\"}"), 404, "USER_NOT_FOUND");
        assertError(api.kycLink(unknown), 404, "USER_NOT_FOUND");
    }

    @Test
    void updatingACustomerChangesOnlyTheFieldsSentAndKeepsTheStatus() {
        final String id = api.createCustomer(newPlatformId(), "Ada Lovelace");

        final HttpResponse<String> response = api.patch("/customers/" + id,
                "{\"customerType\":\"INDIVIDUAL\",\"fullName\":\"Ada King\",\"phoneNumber\":\"+441234567890\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        final JsonNode customer = GridApi.json(response);
        assertThat(customer.path("fullName").asText()).isEqualTo("Ada King");
        assertThat(customer.path("phoneNumber").asText()).isEqualTo("+441234567890");
        assertThat(customer.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(customer.path("kycStatus").asText()).isEqualTo("UNVERIFIED");
        assertThat(GridApi.json(api.customer(id))).isEqualTo(customer);
    }

    // --- POST /customers/{customerId}/kyc-link

    @Test
    void aKycLinkIs201WithAUrlAnExpiryAndProviderSumsubAndLeavesTheStatusAsItWas() {
        final String id = api.createCustomer(newPlatformId(), "Ada Lovelace");

        final HttpResponse<String> response = api.kycLink(id);

        assertThat(response.statusCode()).isEqualTo(201);
        final JsonNode link = GridApi.json(response);
        assertThat(link.path("kycUrl").asText()).startsWith("http://localhost:" + sandbox.port() + "/grid/kyc/");
        assertThat(Instant.parse(link.path("expiresAt").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        assertThat(link.path("provider").asText()).isEqualTo("SUMSUB");
        assertThat(link.path("token").asText()).isNotBlank();
        assertThat(api.kycStatusOf(id)).isEqualTo("UNVERIFIED");
    }

    @Test
    void theRedirectUriIsEmbeddedInTheKycUrlAndMustBeHttp() {
        final String id = api.createCustomer(newPlatformId(), "Ada Lovelace");

        final JsonNode link = GridApi.json(api.kycLink(id, "{\"redirectUri\":\"https://app.example.com/done?step=kyc\"}", null));

        assertThat(link.path("kycUrl").asText()).endsWith("?redirectUri=https%3A%2F%2Fapp.example.com%2Fdone%3Fstep%3Dkyc");
        final HttpResponse<String> ftp = api.kycLink(id, "{\"redirectUri\":\"ftp://app.example.com\"}", null);
        assertError(ftp, 400, "INVALID_INPUT");
        assertThat(GridApi.json(ftp).path("details").path("errors").path(0).path("field").asText()).isEqualTo("redirectUri");
        assertError(api.kycLink(id, "[]", null), 400, "INVALID_INPUT");
    }

    @Test
    void theSameIdempotencyKeyGetsTheSameLinkAndEveryOtherCallAFreshOne() {
        final String id = api.createCustomer(newPlatformId(), "Ada Lovelace");
        final String key = UUID.randomUUID().toString();

        final String first = api.kycLink(id, null, key).body();
        final String repeated = api.kycLink(id, null, key).body();
        final String otherKey = api.kycLink(id, null, UUID.randomUUID().toString()).body();
        final String noKey = api.kycLink(id).body();

        assertThat(repeated).isEqualTo(first);
        assertThat(List.of(otherKey, noKey)).doesNotContain(first);
        assertThat(GridApi.json(otherKey).path("kycUrl")).isNotEqualTo(GridApi.json(noKey).path("kycUrl"));
    }

    @Test
    void aCustomerWhoseEmailIsNotVerifiedYetGetsA409AndNoLink() {
        final String id = api.createCustomer(newPlatformId(), "Ada Lovelace", "unverified.ada@example.com");

        assertError(api.kycLink(id), 409, "CONTACT_VERIFICATION_REQUIRED");
        assertError(api.kycLink(id), 409, "CONTACT_VERIFICATION_REQUIRED");
        assertThat(api.patch("/customers/" + id, "{\"customerType\":\"INDIVIDUAL\",\"email\":\"ada@example.com\"}").statusCode())
                .isEqualTo(200);
        assertThat(api.kycLink(id).statusCode()).isEqualTo(201);
    }

    @Test
    void theFlakyLastNameGetsOne429RateLimitedWithRetryAfterThenLinks() {
        final String id = api.createCustomer(newPlatformId(), "Ada Flaky");
        final String key = UUID.randomUUID().toString();

        final HttpResponse<String> limited = api.kycLink(id, null, key);
        final HttpResponse<String> retried = api.kycLink(id, null, key);

        assertError(limited, 429, "RATE_LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).contains("1");
        assertThat(retried.statusCode()).isEqualTo(201);
    }

    @Test
    void theHostedPageOfALinkOpensWithoutCredentialsAndAnUnknownOneIsA404() {
        final String id = api.createCustomer(newPlatformId(), "Ada Lovelace");
        final String url = GridApi.json(api.kycLink(id)).path("kycUrl").asText();

        final HttpResponse<String> page = GridApi.sendTo(URI.create(url), "GET", null, Map.of());
        final HttpResponse<String> unknown = GridApi.sendTo(URI.create("http://localhost:" + sandbox.port() + "/grid/kyc/nope"),
                "GET", null, Map.of());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    // --- GET /verifications

    @Test
    void aCustomerWhoHasNotBeenThroughTheHostedFlowHasNoVerifications() {
        final String id = api.createCustomer(newPlatformId(), "Ada Lovelace");
        api.kycLink(id);

        final JsonNode page = GridApi.json(api.verifications(id));

        assertThat(page.path("data")).isEmpty();
        assertThat(page.path("hasMore").asBoolean(true)).isFalse();
        assertThat(page.path("totalCount").asInt(-1)).isZero();
    }

    @Test
    void anUnknownVerificationStatusFilterIsInvalidInput() {
        assertError(api.get("/verifications?verificationStatus=DONE"), 400, "INVALID_INPUT");
        assertThat(api.get("/verifications?verificationStatus=APPROVED").statusCode()).isEqualTo(200);
    }

    static void assertError(final HttpResponse<String> response, final int status, final String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        final JsonNode error = GridApi.json(response);
        assertThat(error.path("status").asInt()).isEqualTo(status);
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    static String newPlatformId() {
        return "cust-" + UUID.randomUUID();
    }
}
