package org.kycorchestrator.ingress.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.KycCaseView;
import org.kycorchestrator.tenants.TenantsFile;
import org.kycorchestrator.workers.capa.CapaCallbackVerifier;
import org.kycorchestrator.workers.xgateway.XGatewayCallbackVerifier;

/**
 * A vendor callback is checked with the secret of the account its URL names, and moves only a
 * customer that account serves: a tenant's own account its tenant's customers, the deployment's
 * account the customers of tenants without their own account at that vendor.
 */
@ExtendWith(SharedKafka.class)
class TenantCallbacksTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String ACME = "acme-" + SUFFIX;
    private static final String GLOBEX = "globex-" + SUFFIX;
    private static final Map<String, String> SECRETS = Map.of(
            "acme", "acme-own-secret", "deployment", "deployment-secret", "globex", "globex-has-no-account");

    private static IngressOnKafka ingress;

    @BeforeAll
    static void start(final EmbeddedKafkaBroker broker) {
        // given acme with its own xGateway and Capa accounts, globex with none, and the deployment's accounts at both
        final var tenants = TenantsFile.read(new StringReader("""
                tenants:
                  - id: %s
                    apiKeys: [{sha256: %s}]
                    credentials:
                      xgateway: {apiKey: acme-key, callbackSecret: acme-own-secret}
                      capa: {apiKey: acme-key, webhookSecret: acme-own-secret}
                  - id: %s
                    apiKeys: [{sha256: %s}]
                """.formatted(ACME, "a".repeat(64), GLOBEX, "b".repeat(64))), "test tenants", Config.of(Map.of()));
        // and customers whose id names their tenant: "acme:...", "globex:...", or "nobody:..." for no customer of ours
        final CaseReader cases = customerId -> switch (customerId.substring(0, customerId.indexOf(':'))) {
            case "acme" -> found(ACME, customerId);
            case "globex" -> found(GLOBEX, customerId);
            default -> new CaseReader.NotFound();
        };
        ingress = IngressOnKafka.start(broker, Map.of(
                "KYC_PROVIDER_XGATEWAY_SECRET", "deployment-secret",
                "KYC_PROVIDER_CAPA_URL", "http://capa.invalid",
                "KYC_PROVIDER_CAPA_WEBHOOK_SECRET", "deployment-secret"), tenants, cases);
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @ParameterizedTest(name = "[{index}] {0} at the URL of {1}, signed by {2}, about a customer of {3}: {4}")
    @CsvSource(delimiter = '|', value = {
            // vendor | URL of      | signed by  | customer of | answer
            "xgateway | acme        | acme       | acme        | 200",
            "xgateway | acme        | acme       | globex      | 403",
            "xgateway | acme        | acme       | nobody      | 403",
            "xgateway | acme        | deployment | acme        | 401",
            "xgateway | deployment  | deployment | globex      | 200",
            "xgateway | deployment  | deployment | acme        | 403",
            "xgateway | deployment  | acme       | globex      | 401",
            "xgateway | deployment  | acme       | acme        | 401",
            "xgateway | globex      | globex     | globex      | 404",
            "xgateway | stranger    | acme       | acme        | 404",
            "capa     | acme        | acme       | acme        | 200",
            "capa     | acme        | acme       | globex      | 403",
            "capa     | deployment  | acme       | acme        | 401",
            "capa     | deployment  | deployment | globex      | 200",
            "capa     | deployment  | deployment | acme        | 403"})
    void aCallbackMovesOnlyACustomerOfTheAccountThatSignedIt(final String vendor, final String urlOf, final String signedBy,
                                                              final String customerOf, final int answer) throws Exception {
        // given a callback about a customer, signed with one account's secret
        final String customerId = customerOf + ":" + UUID.randomUUID();
        final String secret = SECRETS.get(signedBy);
        final String path = "/v1/providers/" + vendor + "/callbacks" + switch (urlOf) {
            case "deployment" -> "";
            case "acme" -> "/" + ACME;
            case "globex" -> "/" + GLOBEX;
            default -> "/" + urlOf;
        };

        // when the vendor posts it
        final HttpResponse<String> response = "capa".equals(vendor)
                ? capaCallback(path, customerId, secret) : xgatewayCallback(path, customerId, secret);

        // then it is answered as the table says, and only an accepted one reaches the orchestrator
        assertThat(response.statusCode()).as(response.body()).isEqualTo(answer);
        if (answer == 200) {
            await().atMost(Duration.ofSeconds(30)).until(() -> published(customerId) == 1);
        } else {
            assertThat(response.body()).contains("\"success\":false").doesNotContain(secret);
            assertThat(published(customerId)).isZero();
        }
    }

    private static HttpResponse<String> xgatewayCallback(final String path, final String customerId, final String secret) throws Exception {
        final String body = "{\"callbackType\":\"kyc\",\"customerId\":\"%s\",\"status\":\"FULL_USER\",\"hash\":\"%s\"}"
                .formatted(customerId, XGatewayCallbackVerifier.expectedHash(customerId, secret));
        return ingress.send("not-a-merchant", "POST", path, body);
    }

    private static HttpResponse<String> capaCallback(final String path, final String customerId, final String secret) throws Exception {
        final String body = "{\"type\":\"KYC\",\"event\":\"VERIFIED_USER\",\"externalUserId\":\"%s\"}".formatted(customerId);
        return ingress.send("not-a-merchant", "POST", path, body,
                CapaCallbackVerifier.SIGNATURE_HEADER, CapaCallbackVerifier.signature(secret, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static long published(final String customerId) {
        return ingress.readAll(TOPICS.providerResults()).stream().filter(record -> customerId.equals(record.key())).count();
    }

    private static CaseReader.Result found(final String tenantId, final String customerId) {
        return new CaseReader.Found(KycCaseView.newBuilder().setCustomerId(customerId).setTenantId(tenantId).setExternalId("ext")
                .setState(KycState.PENDING_KYC_DATA).setVendor(Vendor.XGATEWAY).setSequence(1)
                .setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build());
    }
}
