package org.kycorchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every simulated vendor holds several accounts, as tenants with their own contracts have: each
 * account's customers are its own, the sandbox tells which account holds a customer, and a call
 * with credentials of no account gets the vendor's own documented 401.
 */
class SandboxAccountsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ProviderSandbox sandbox;

    /** One vendor's calls: what creates a customer with some credentials, and what reads it back. */
    interface Vendor {
        /** Creates a customer with the credentials; the id the admin route and {@link #read} know it by. */
        String create(SandboxCredentials credentials, String ourId);

        /** Reads the customer with the credentials. */
        HttpResponse<String> read(SandboxCredentials credentials, String id);
    }

    record Case(String name, SandboxCredentials acme, SandboxCredentials unknown, Vendor vendor, String errorCodePath, String errorCode) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> vendors() {
        return Stream.of(
                new Case("xgateway", new SandboxCredentials.XGateway("acme-xg-key", "acme-xg-secret"),
                        new SandboxCredentials.XGateway("acme-xg-secret", "x"), new XGateway(), "/errors/0/code", "unauthorized"),
                new Case("grid", new SandboxCredentials.Grid("acme-grid-id", "acme-grid-secret"),
                        new SandboxCredentials.Grid("acme-grid-id", "sandbox-grid-client-secret"), new Grid(), "/code", "UNAUTHORIZED"),
                new Case("paycc", new SandboxCredentials.Paycc("acme-paycc-user", "acme-paycc-password", "MIDACME0001"),
                        new SandboxCredentials.Paycc("acme-paycc-user", "sandbox-paycc-password", "MIDACME0001"), new Paycc(), "/code", "0x0201"),
                new Case("capa", new SandboxCredentials.Capa("acme-capa-key", "acme-capa-secret"),
                        new SandboxCredentials.Capa("sandbox-capa-webhook-secret", "x"), new Capa(), "/code", "UNAUTHORIZED"));
    }

    static final Map<String, SandboxCredentials> DEFAULTS = Map.of(
            "xgateway", new SandboxCredentials.XGateway("default-xg-key", "default-xg-secret"),
            "grid", new SandboxCredentials.Grid("sandbox-grid-client-id", "sandbox-grid-client-secret"),
            "paycc", new SandboxCredentials.Paycc("sandbox-paycc-user", "sandbox-paycc-password", "MIDSANDBOX0001"),
            "capa", new SandboxCredentials.Capa("sandbox-capa-key", "sandbox-capa-webhook-secret"));

    @BeforeAll
    static void start() {
        // given every vendor's default account, and acme's own account at each
        sandbox = ProviderSandbox.start(new SandboxSettings(0, "default-xg-key", "default-xg-secret", null, Duration.ofMillis(50),
                vendors().map(c -> new SandboxAccount("acme", c.acme(), null)).toList()));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void eachAccountSeesOnlyItsOwnCustomersAndTheSandboxTellsWhoseACustomerIs(final Case at) {
        // given a customer created with acme's credentials, and one with the default account's
        final String ofAcme = at.vendor().create(at.acme(), UUID.randomUUID().toString());
        final String ofDefault = at.vendor().create(DEFAULTS.get(at.name()), UUID.randomUUID().toString());

        // then each account reads its own customer and does not know the other's, as if it did not exist
        assertThat(at.vendor().read(at.acme(), ofAcme).statusCode()).isBetween(200, 201);
        assertThat(at.vendor().read(DEFAULTS.get(at.name()), ofAcme).statusCode()).isEqualTo(404);
        assertThat(at.vendor().read(DEFAULTS.get(at.name()), ofDefault).statusCode()).isBetween(200, 201);
        assertThat(at.vendor().read(at.acme(), ofDefault).statusCode()).isEqualTo(404);
        // and the sandbox names the account that holds each
        assertThat(accountsHolding(at.name(), ofAcme)).containsExactly("acme");
        assertThat(accountsHolding(at.name(), ofDefault)).containsExactly(SandboxAccount.DEFAULT);
        assertThat(accountsHolding(at.name(), "nobody")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void credentialsOfNoAccountGetTheVendorsOwnUnauthorizedAnswer(final Case at) throws Exception {
        // when a call mixes one account's id with another's secret (or presents a secret as the key)
        final HttpResponse<String> refused = at.vendor().read(at.unknown(), "any");

        // then it is refused the way the vendor documents it
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).at(at.errorCodePath()).asText()).isEqualTo(at.errorCode());
    }

    @org.junit.jupiter.api.Test
    void aPayccAccountCannotStartAKycWithAnotherAccountsMerchantCode() {
        final SandboxCredentials.Paycc acme = (SandboxCredentials.Paycc) vendors().filter(c -> c.name().equals("paycc")).findFirst()
                .orElseThrow().acme();
        final SandboxCredentials.Paycc withDefaultsCode = new SandboxCredentials.Paycc(acme.user(), acme.password(), "MIDSANDBOX0001");

        assertThat(Paycc.init(withDefaultsCode).statusCode()).isEqualTo(401);
    }

    @org.junit.jupiter.api.Test
    void theAdminRouteKnowsNoOtherVendor() throws Exception {
        assertThat(send("GET", URI.create(origin() + "/_admin/accounts/nobank/any"), null, null).statusCode()).isEqualTo(404);
    }

    private static List<String> accountsHolding(final String vendor, final String id) {
        final HttpResponse<String> response = send("GET", URI.create(origin() + "/_admin/accounts/" + vendor + "/" + id), null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        final List<String> names = new java.util.ArrayList<>();
        json(response).path("accounts").forEach(name -> names.add(name.asText()));
        return names;
    }

    static final class XGateway implements Vendor {
        @Override
        public String create(final SandboxCredentials credentials, final String ourId) {
            final HttpResponse<String> created = send("POST", URI.create(sandbox.xgatewayBaseUrl() + "/customer/" + ourId + "/bank-transfer/user"),
                    key(credentials), "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\",\"country\":\"DE\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return ourId;
        }

        @Override
        public HttpResponse<String> read(final SandboxCredentials credentials, final String id) {
            return send("GET", URI.create(sandbox.xgatewayBaseUrl() + "/customer/" + id + "/bank-transfer/kyc"), key(credentials), null);
        }

        private static String[] key(final SandboxCredentials credentials) {
            return new String[] {"x-api-key", ((SandboxCredentials.XGateway) credentials).apiKey()};
        }
    }

    static final class Grid implements Vendor {
        @Override
        public String create(final SandboxCredentials credentials, final String ourId) {
            final HttpResponse<String> created = send("POST", URI.create(sandbox.gridBaseUrl() + "/customers"), basic(credentials),
                    "{\"platformCustomerId\":\"" + ourId + "\",\"customerType\":\"INDIVIDUAL\",\"fullName\":\"Ada Lovelace\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return json(created).path("id").asText();
        }

        @Override
        public HttpResponse<String> read(final SandboxCredentials credentials, final String id) {
            return send("GET", URI.create(sandbox.gridBaseUrl() + "/customers/" + id), basic(credentials), null);
        }
    }

    static final class Paycc implements Vendor {
        @Override
        public String create(final SandboxCredentials credentials, final String ourId) {
            final HttpResponse<String> started = init((SandboxCredentials.Paycc) credentials);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            return json(started).path("data").path("kid").asText();
        }

        static HttpResponse<String> init(final SandboxCredentials.Paycc credentials) {
            return send("POST", URI.create(sandbox.payccBaseUrl() + "/v1/service/paycc/init/kyc"), basic(credentials),
                    "{\"merchantCode\":\"" + credentials.merchantCode() + "\",\"mobile\":\"6393712345\",\"email\":\"asha@example.in\","
                            + "\"name\":\"Asha Verma\",\"pan\":\"ABCPV1234K\"}");
        }

        @Override
        public HttpResponse<String> read(final SandboxCredentials credentials, final String id) {
            return send("GET", URI.create(sandbox.payccBaseUrl() + "/v1/service/paycc/kyc/status/" + id), basic(credentials), null);
        }
    }

    static final class Capa implements Vendor {
        @Override
        public String create(final SandboxCredentials credentials, final String ourId) {
            final HttpResponse<String> created = send("POST", URI.create(sandbox.capaBaseUrl() + "/api/partner/v2/users"), key(credentials),
                    "{\"type\":\"INDIVIDUAL\",\"email\":\"" + ourId + "@example.com\",\"externalUserId\":\"" + ourId + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return json(created).path("data").path("userId").asText();
        }

        /** Capa has no read of a user by its userId; asking for its KYC link is the call that finds it (201) or not (404). */
        @Override
        public HttpResponse<String> read(final SandboxCredentials credentials, final String id) {
            return send("POST", URI.create(sandbox.capaBaseUrl() + "/api/partner/v2/kyc/verification-link"), key(credentials),
                    "{\"userId\":\"" + id + "\",\"country\":\"MX\",\"partnerRedirectUri\":\"https://shop.example/kyc-done\","
                            + "\"personalInfo\":{\"profession\":\"Employee\",\"phoneNumber\":\"+525512345678\",\"birthCountry\":\"MX\","
                            + "\"taxId\":\"GALA780211AB1\"}}");
        }

        private static String[] key(final SandboxCredentials credentials) {
            return new String[] {"partner-api-key", ((SandboxCredentials.Capa) credentials).apiKey()};
        }
    }

    private static String[] basic(final SandboxCredentials credentials) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.presented())};
    }

    private static String origin() {
        return "http://localhost:" + sandbox.port();
    }

    private static JsonNode json(final HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(final String method, final URI uri, final String[] header, final String body) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (header != null) {
            request.header(header[0], header[1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
