package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.tenants.TenantsFile;
import org.kycorchestrator.workers.xgateway.XGatewayCallbackVerifier;

/**
 * Tenants' own vendor accounts end to end, through the all-in-one app and its sandbox, where every
 * vendor holds two accounts: the deployment's and tenant A's. Tenant A has its own credentials at
 * all four vendors in the tenants file; tenant B uses the deployment's. At every vendor, each
 * one's customer is served by its own account and approved, and a callback about B's customer
 * signed with A's secret (or key) is refused. In detail for xGateway: Each one's customer is created,
 * documented and verified at xGateway with the right key, each verdict comes back by a callback
 * signed with the right secret to the right URL, and a callback signed with A's secret about B's
 * customer is refused.
 */
class TenantCredentialsEndToEndTest {

    private static final String KEY_A = "tenant-a-merchant-key";
    private static final String KEY_B = "tenant-b-merchant-key";
    private static final String A_XGATEWAY_SECRET = "tenant-a-own-xgateway-secret";
    private static final String A_CAPA_SECRET = "tenant-a-own-capa-webhook-secret";
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    static Path dataDir;

    private static KycApp app;
    private static int sandboxPort;

    @BeforeAll
    static void startApp() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            sandboxPort = socket.getLocalPort();
        }
        // given tenant A with its own account at every vendor (its xGateway secrets from the environment) and tenant B without
        final Path tenants = dataDir.resolve("tenants.yaml");
        Files.writeString(tenants, """
                tenants:
                  - id: tenant-a
                    apiKeys: [{sha256: %s}]
                    credentials:
                      xgateway:
                        apiKey: ${TENANT_A_XGATEWAY_KEY}
                        callbackSecret: ${TENANT_A_XGATEWAY_SECRET}
                      grid:
                        clientId: tenant-a-grid-client
                        clientSecret: tenant-a-grid-secret
                      paycc:
                        user: tenant-a-paycc-user
                        password: tenant-a-paycc-password
                        merchantCode: MIDTENANTA0001
                      capa:
                        apiKey: tenant-a-capa-key
                        webhookSecret: %s
                  - id: tenant-b
                    apiKeys: [{sha256: %s}]
                """.formatted(sha256(KEY_A), A_CAPA_SECRET, sha256(KEY_B)));
        // and a verification timeout of a few seconds: Paycc's verdicts are only polled, while the other vendors' callbacks
        // come within 200 ms, long before a poll
        app = KycApp.start(Config.of(Map.of(
                "KYC_DATA_DIR", dataDir.toString(),
                "KYC_HTTP_PORT", "0",
                "KYC_KAFKA_PORT", "0",
                "KYC_SANDBOX_PORT", String.valueOf(sandboxPort),
                TenantsFile.CONFIG, tenants.toString(),
                "TENANT_A_XGATEWAY_KEY", "tenant-a-own-xgateway-key",
                "TENANT_A_XGATEWAY_SECRET", A_XGATEWAY_SECRET,
                "KYC_VERIFICATION_TIMEOUT", "5s",
                "KYC_ORCHESTRATOR_TIMER_INTERVAL", "200ms")));
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void eachTenantsCustomerIsVerifiedWithItsOwnAccountOrTheDeploymentsAndCrossSignedCallbacksAreRefused() throws Exception {
        final ApiClient tenantA = new ApiClient(app.baseUrl(), KEY_A);
        final ApiClient tenantB = new ApiClient(app.baseUrl(), KEY_B);

        // when each tenant takes a customer through xGateway: profile, applicant, agreements, documents, verification
        final String ofA = verifiedAtXGateway(tenantA);
        final String ofB = verifiedAtXGateway(tenantB);

        // then at xGateway, A's customer is in A's own account and B's in the deployment's, and nowhere else
        assertThat(accountsAtXGateway(ofA)).containsExactly("tenant-a");
        assertThat(accountsAtXGateway(ofB)).containsExactly("default");
        // and both are approved, by callbacks each signed with its account's secret and sent to its account's URL
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(tenantA.get("/v1/customers/" + ofA + "/kyc").data().path("state").asText()).isEqualTo("APPROVED");
            assertThat(tenantB.get("/v1/customers/" + ofB + "/kyc").data().path("state").asText()).isEqualTo("APPROVED");
        });
        assertThat(answeredCallbacks("/v1/providers/{vendor}/callbacks/{tenantId}", 200)).isPositive();
        assertThat(answeredCallbacks("/v1/providers/{vendor}/callbacks", 200)).isPositive();

        // when a callback about B's customer is signed with A's secret
        final ApiClient vendor = new ApiClient(app.baseUrl(), null);
        final String crossSigned = callback(ofB, A_XGATEWAY_SECRET, "HARD_KYC_FAILED");

        // then it is refused at A's URL (not A's customer) and at the deployment's (not the deployment's secret)
        assertThat(vendor.post("/v1/providers/xgateway/callbacks/tenant-a", crossSigned).status()).isEqualTo(403);
        assertThat(vendor.post("/v1/providers/xgateway/callbacks", crossSigned).status()).isEqualTo(401);
        // and the deployment's secret no longer speaks for A's customer
        assertThat(vendor.post("/v1/providers/xgateway/callbacks",
                callback(ofA, KycApp.SANDBOX_XGATEWAY_SECRET, "HARD_KYC_FAILED")).status()).isEqualTo(403);
        // while A's own callback about its own customer is still taken
        assertThat(vendor.post("/v1/providers/xgateway/callbacks/tenant-a", callback(ofA, A_XGATEWAY_SECRET, "FULL_USER")).status())
                .isEqualTo(200);
        assertThat(tenantB.get("/v1/customers/" + ofB + "/kyc").data().path("state").asText()).isEqualTo("APPROVED");
    }

    @ParameterizedTest(name = "at {0}")
    @CsvSource(delimiter = '|', value = {"xgateway | GB", "paycc | IN", "grid | US", "capa | MX"})
    void atEveryVendorEachTenantsCustomerIsServedByItsOwnAccountAndCrossSignedCallbacksAreRefused(final String vendor,
                                                                                                final String country) throws Exception {
        final ApiClient tenantA = new ApiClient(app.baseUrl(), KEY_A);
        final ApiClient tenantB = new ApiClient(app.baseUrl(), KEY_B);

        // when each tenant takes a customer through the vendor's hosted flow
        final Linked ofA = linkedAt(tenantA, vendor, country);
        final Linked ofB = linkedAt(tenantB, vendor, country);

        // then at the vendor, A's customer is in A's own account and B's in the deployment's, and nowhere else
        assertThat(accountsAt(vendor, ofA.vendorSideId(vendor))).containsExactly("tenant-a");
        assertThat(accountsAt(vendor, ofB.vendorSideId(vendor))).containsExactly("default");
        // and both are approved, each by its own account's answers
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(tenantA.get("/v1/customers/" + ofA.id() + "/kyc").data().path("state").asText()).isEqualTo("APPROVED");
            assertThat(tenantB.get("/v1/customers/" + ofB.id() + "/kyc").data().path("state").asText()).isEqualTo("APPROVED");
        });

        // when a callback that rejects B's customer is signed with A's secret (Paycc sends none: its results are polled)
        final ApiClient.Answer[] crossSigned = crossSignedAboutB(vendor, ofB.id());
        if (crossSigned.length > 0) {
            // then A's URL refuses it (not A's customer) and the deployment's too (not the deployment's secret)
            assertThat(crossSigned[0].status()).as(crossSigned[0].body().toString()).isEqualTo(403);
            assertThat(crossSigned[1].status()).as(crossSigned[1].body().toString()).isEqualTo(401);
        }
        // and B's customer stays approved
        assertThat(tenantB.get("/v1/customers/" + ofB.id() + "/kyc").data().path("state").asText()).isEqualTo("APPROVED");
    }

    /** Our customer, and the token of its hosted link (all our API shows of a Paycc KYC). */
    private record Linked(String id, String linkUrl) {
        /** What the sandbox knows the customer by: our id, which the vendor keeps, or at Paycc the link's token. */
        String vendorSideId(final String vendor) {
            return "paycc".equals(vendor) ? linkUrl.substring(linkUrl.lastIndexOf('/') + 1) : id;
        }
    }

    /** A customer of the tenant at the vendor, who has gone through the vendor's hosted flow (a Lovelace: approved). */
    private static Linked linkedAt(final ApiClient tenant, final String vendor, final String country) throws Exception {
        final String externalId = UUID.randomUUID().toString();
        final MerchantFlow flow = new MerchantFlow(tenant);
        final String id = flow.register("""
                {"externalId":"%s","vendor":"%s","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada-%s@example.com","country":"%s",%s}}
                """.formatted(externalId, vendor, externalId, country, extraProfile(country)));
        flow.applicant(id);
        flow.agreements(id);
        final String url = flow.link(id);
        switch (vendor) {
            case "xgateway", "paycc" -> flow.verification(id);
            case "capa" -> {
                // Capa's hosted page is where the customer types the name Capa decides by
                final HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("firstName=Ada&lastName=Lovelace")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(submitted.statusCode()).isLessThan(400);
            }
            default -> {
                // Grid's sandbox plays the customer on its hosted page by itself.
            }
        }
        return new Linked(id, url);
    }

    private static String extraProfile(final String country) {
        return switch (country) {
            case "IN" -> "\"phone\":\"+919876543210\",\"pan\":\"ABCDE1234F\"";
            case "MX" -> "\"phone\":\"+525512345678\",\"profession\":\"Employee\",\"birthCountry\":\"MX\",\"taxId\":\"GODE561231GR8\"";
            case "US" -> "\"phone\":\"+14155550100\"";
            default -> "\"phone\":\"+442071234567\"";
        };
    }

    /**
     * A callback rejecting B's customer, signed as tenant A's account signs, sent to A's URL and to
     * the deployment's; none for Paycc, which sends no callbacks.
     */
    private static ApiClient.Answer[] crossSignedAboutB(final String vendor, final String ofB) throws Exception {
        final String body;
        final String header;
        final String signature;
        switch (vendor) {
            case "xgateway" -> {
                body = callback(ofB, A_XGATEWAY_SECRET, "HARD_KYC_FAILED");
                // xGateway signs in the body's hash, with no header of its own
                header = "x-request-id";
                signature = "cross-signed-" + UUID.randomUUID();
            }
            case "capa" -> {
                body = "{\"type\":\"KYC\",\"event\":\"REJECTED_KYC\",\"externalUserId\":\"" + ofB + "\"}";
                header = "capa-signature";
                signature = hmacHex(A_CAPA_SECRET, body);
            }
            case "grid" -> {
                body = "{\"id\":\"Webhook:" + UUID.randomUUID() + "\",\"type\":\"CUSTOMER.KYC_REJECTED\",\"timestamp\":\""
                        + java.time.Instant.now() + "\",\"data\":{\"platformCustomerId\":\"" + ofB + "\",\"kycStatus\":\"REJECTED\"}}";
                header = "X-Grid-Signature";
                // only the sandbox holds A's Grid private key
                signature = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + sandboxPort + "/_admin/webhook-signatures/grid/tenant-a"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            default -> {
                return new ApiClient.Answer[0];
            }
        }
        final ApiClient vendorSide = new ApiClient(app.baseUrl(), null);
        return new ApiClient.Answer[] {
            vendorSide.post("/v1/providers/" + vendor + "/callbacks/tenant-a", body, header, signature),
            vendorSide.post("/v1/providers/" + vendor + "/callbacks", body, header, signature)};
    }

    private static String hmacHex(final String secret, final String body) throws Exception {
        final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A GB customer of the tenant, with everything xGateway needs, whose verification has started; its id. */
    private static String verifiedAtXGateway(final ApiClient tenant) {
        final String externalId = UUID.randomUUID().toString();
        final MerchantFlow flow = new MerchantFlow(tenant);
        final String id = flow.register("""
                {"externalId":"%s","vendor":"xgateway","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada-%s@example.com","country":"GB"}}
                """.formatted(externalId, externalId));
        flow.applicant(id);
        flow.agreements(id);
        flow.document(id, "SELFIE", null, "selfie.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3});
        flow.document(id, "ID_CARD", "front", "front.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 4, 5, 6});
        flow.document(id, "ID_CARD", "back", "back.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 7, 8, 9});
        flow.document(id, "UTILITY_BILL", null, "bill.pdf", "%PDF-1.7 bill".getBytes(StandardCharsets.US_ASCII));
        flow.verification(id);
        return id;
    }

    private static String callback(final String customerId, final String secret, final String status) {
        return "{\"callbackType\":\"kyc\",\"customerId\":\"%s\",\"status\":\"%s\",\"hash\":\"%s\"}"
                .formatted(customerId, status, XGatewayCallbackVerifier.expectedHash(customerId, secret));
    }

    private static List<String> accountsAtXGateway(final String customerId) throws Exception {
        return accountsAt("xgateway", customerId);
    }

    /** The sandbox's own view: which of the vendor's accounts holds the customer. */
    private static List<String> accountsAt(final String vendor, final String customerId) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + sandboxPort + "/_admin/accounts/" + vendor + "/" + customerId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        final List<String> accounts = new ArrayList<>();
        ApiClient.JSON.readTree(response.body()).path("accounts").forEach(account -> accounts.add(account.asText()));
        return accounts;
    }

    /** How many vendor callbacks the route answered with the status, from the app's own metrics. */
    private static double answeredCallbacks(final String route, final int status) throws Exception {
        final String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{") && line.contains("route=\"" + route + "\"")
                        && line.contains("status=\"" + status + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String sha256(final String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
