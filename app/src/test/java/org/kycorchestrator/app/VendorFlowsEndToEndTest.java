package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.config.Config;

/**
 * Every vendor end to end, through the all-in-one app and its sandbox: a customer from each routing
 * country reaches {@code APPROVED}, and the magic last names reach the matching states. Hosted-flow
 * vendors (Grid, Capa) decide once the customer has finished the vendor's page, so the merchant
 * does not start verification there; for xGateway and Paycc it does.
 */
class VendorFlowsEndToEndTest {

    private static final String API_KEY = "vendor-flows-key";

    @TempDir
    static Path dataDir;

    private static KycApp app;
    private static ApiClient api;
    private static MerchantFlow flow;

    @BeforeAll
    static void startApp() {
        app = KycApp.start(Config.of(Map.of(
                "KYC_DATA_DIR", dataDir.toString(),
                "KYC_HTTP_PORT", "0",
                "KYC_KAFKA_PORT", "0",
                "KYC_SANDBOX_PORT", "0",
                "KYC_DEMO_API_KEY", API_KEY,
                "KYC_VERIFICATION_TIMEOUT", "1s",
                "KYC_ORCHESTRATOR_TIMER_INTERVAL", "200ms")));
        api = new ApiClient(app.baseUrl(), API_KEY);
        flow = new MerchantFlow(api);
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @ParameterizedTest(name = "{1} from {0} is verified by {2} and ends {3}")
    @CsvSource(delimiter = '|', value = {
            "GB | Lovelace | xgateway | APPROVED",
            "GB | Soft     | xgateway | SOFT_KYC_FAILED",
            "GB | Reject   | xgateway | HARD_KYC_FAILED",
            "IN | Lovelace | paycc    | APPROVED",
            "IN | Reject   | paycc    | HARD_KYC_FAILED",
            "US | Lovelace | grid     | APPROVED",
            "US | Soft     | grid     | SOFT_KYC_FAILED",
            "US | Review   | grid     | MANUAL_REVIEW",
            "US | Reject   | grid     | HARD_KYC_FAILED",
            "MX | Lovelace | capa     | APPROVED",
            "MX | Review   | capa     | MANUAL_REVIEW",
            "MX | Reject   | capa     | HARD_KYC_FAILED",
    })
    void aCustomerFromEachRoutingCountryReachesTheStateItsVendorDecides(final String country, final String lastName,
                                                                         final String vendor, final String finalState) throws Exception {
        // given a customer registered without naming a vendor (Capa wants each e-mail once per partner)
        final String externalId = UUID.randomUUID().toString();
        final JsonNode registered = flow.registered("""
                {"externalId":"%s","profile":{"firstName":"Ada","lastName":"%s","email":"ada-%s@example.com","country":"%s",%s}}
                """.formatted(externalId, lastName, externalId, country, extraProfile(country)));
        assertThat(registered.path("vendor").asText()).isEqualTo(vendor);
        final String id = registered.path("customerId").asText();

        // when the merchant completes the data and asks for the hosted link
        flow.applicant(id);
        flow.agreements(id);
        final String link = flow.link(id);

        // and the customer goes through the vendor's flow
        switch (vendor) {
            case "xgateway", "paycc" -> flow.verification(id);
            case "capa" -> submitCapaSession(link, lastName);
            default -> {
                // Grid's sandbox plays the customer on its hosted page by itself.
            }
        }

        // then the case ends in the state the vendor decided
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() ->
                assertThat(api.get("/v1/customers/" + id + "/kyc").data().path("state").asText()).isEqualTo(finalState));
    }

    private static String extraProfile(final String country) {
        return switch (country) {
            case "IN" -> "\"phone\":\"+919876543210\",\"pan\":\"ABCDE1234F\"";
            case "MX" -> "\"phone\":\"+525512345678\",\"profession\":\"Employee\",\"birthCountry\":\"MX\",\"taxId\":\"GODE561231GR8\"";
            default -> "\"phone\":\"+14155550100\"";
        };
    }

    /** Capa's hosted page is where the customer types the name Capa decides by. */
    private static void submitCapaSession(final String sessionUrl, final String lastName) throws Exception {
        final HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sessionUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("firstName=Ada&lastName=" + lastName)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).isLessThan(400);
    }
}
