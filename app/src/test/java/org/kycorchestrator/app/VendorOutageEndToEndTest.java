package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.config.Config;

/**
 * A vendor goes down for as long as the test says, then comes back: its requests wait and nothing
 * is lost, its circuit opens and new customers fail over to the fallback vendor (and say so), and
 * once it is back the circuit closes and customers go to it again.
 */
class VendorOutageEndToEndTest {

    private static final String API_KEY = "outage-key";

    @TempDir
    Path dataDir;

    private KycApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anOutageDelaysButLosesNothingAndNewCustomersFailOverUntilTheVendorIsBack() throws Exception {
        final int sandboxPort = freePort();
        app = KycApp.start(Config.of(Map.ofEntries(
                Map.entry("KYC_DATA_DIR", dataDir.toString()),
                Map.entry("KYC_HTTP_PORT", "0"),
                Map.entry("KYC_KAFKA_PORT", "0"),
                Map.entry("KYC_SANDBOX_PORT", String.valueOf(sandboxPort)),
                Map.entry("KYC_DEMO_API_KEY", API_KEY),
                Map.entry("KYC_PROVIDER_CIRCUIT_MIN_CALLS", "3"),
                Map.entry("KYC_PROVIDER_CIRCUIT_WINDOW", "4"),
                Map.entry("KYC_PROVIDER_CIRCUIT_OPEN_FOR", "1s"),
                Map.entry("KYC_PROVIDER_MAX_ATTEMPTS", "200"),
                Map.entry("KYC_PROVIDER_RETRY_BACKOFF", "100ms"),
                Map.entry("KYC_PROVIDER_RETRY_MAX_BACKOFF", "500ms"))));
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);
        final MerchantFlow flow = new MerchantFlow(api);

        // given British customers of xGateway
        final List<String> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            final JsonNode registered = register(flow, "GB");
            assertThat(registered.path("vendor").asText()).isEqualTo("xgateway");
            waiting.add(registered.path("customerId").asText());
        }

        // when xGateway goes down and they ask for their applicant
        faults(sandboxPort, "PUT", "{\"outage\":true}");
        for (String id : waiting) {
            assertThat(api.post("/v1/customers/" + id + "/kyc/applicant", "{}").status()).isEqualTo(202);
        }

        // then the circuit opens, and a new British customer goes to the fallback vendor, which the case records
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final JsonNode failedOver = register(flow, "GB");
            assertThat(failedOver.path("vendor").asText()).isEqualTo("grid");
            assertThat(api.get("/v1/customers/" + failedOver.path("customerId").asText() + "/kyc/events").data().path(0)
                    .path("reasonCodes").toString()).contains("failover_from_xgateway");
        });
        assertThat(waiting).allSatisfy(id ->
                assertThat(api.get("/v1/customers/" + id + "/kyc").data().path("applicantCreated").asBoolean()).isFalse());

        // when xGateway comes back
        faults(sandboxPort, "DELETE", null);

        // then every waiting request completes, and new British customers go to xGateway again
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(waiting).allSatisfy(id -> {
            final JsonNode kycCase = api.get("/v1/customers/" + id + "/kyc").data();
            assertThat(kycCase.path("applicantCreated").asBoolean()).isTrue();
            assertThat(kycCase.path("state").asText()).isEqualTo("PENDING_KYC_DATA");
        }));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(register(flow, "GB").path("vendor").asText()).isEqualTo("xgateway"));
        // and each waiting customer verifies normally afterwards, with one applicant at the vendor
        final String first = waiting.get(0);
        flow.agreements(first);
        flow.link(first);
        flow.verification(first);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/v1/customers/" + first + "/kyc").data().path("state").asText()).isEqualTo("APPROVED"));

        // and however often the workers retried, the vendor did each thing once
        for (String id : waiting) {
            assertThat(effectsAtXGateway(sandboxPort, id).path("applicantsCreated").asLong()).isEqualTo(1);
        }
        assertThat(effectsAtXGateway(sandboxPort, first).path("verificationsStarted").asLong()).isEqualTo(1);
    }

    private JsonNode effectsAtXGateway(final int sandboxPort, final String customerId) throws Exception {
        final HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + sandboxPort + "/_admin/effects/xgateway/" + customerId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return ApiClient.JSON.readTree(answer.body());
    }

    @Test
    void aVendorUnavailableThroughEveryRetrySendsTheCaseToManualReviewAndKeepsTheRequest() throws Exception {
        final int sandboxPort = freePort();
        app = KycApp.start(Config.of(Map.of(
                "KYC_DATA_DIR", dataDir.toString(),
                "KYC_HTTP_PORT", "0",
                "KYC_KAFKA_PORT", "0",
                "KYC_SANDBOX_PORT", String.valueOf(sandboxPort),
                "KYC_DEMO_API_KEY", API_KEY,
                "KYC_PROVIDER_MAX_ATTEMPTS", "2",
                "KYC_PROVIDER_RETRY_BACKOFF", "50ms")));
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);
        final MerchantFlow flow = new MerchantFlow(api);
        final String id = register(flow, "GB").path("customerId").asText();

        // when xGateway stays down through every retry of the applicant request
        faults(sandboxPort, "PUT", "{\"outage\":true}");
        final ApiClient.Answer applicant = api.post("/v1/customers/" + id + "/kyc/applicant", "{}", "Prefer", "wait=20");

        // then the caller hears it, the case goes to manual review, and the request is kept for people to look at
        assertThat(applicant.status()).isEqualTo(503);
        assertThat(applicant.firstErrorCode()).isEqualTo("service_unavailable");
        final JsonNode kycCase = api.get("/v1/customers/" + id + "/kyc").data();
        assertThat(kycCase.path("state").asText()).isEqualTo("MANUAL_REVIEW");
        assertThat(kycCase.path("reasonCodes").toString()).contains("vendor_unavailable");
        assertThat(deadLettersOf(id)).isEqualTo(1);
    }

    /** Dead letters are keyed by customer; counts this customer's on kyc.dlq.provider-requests. */
    private long deadLettersOf(final String customerId) {
        final String bootstrap = app.bootstrapServers();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "group.id", "dlq-check-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of("kyc.dlq.provider-requests"));
            final List<String> keys = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                return keys.contains(customerId);
            });
            return keys.stream().filter(customerId::equals).count();
        }
    }

    private static JsonNode register(final MerchantFlow flow, final String country) {
        final String externalId = UUID.randomUUID().toString();
        return flow.registered("""
                {"externalId":"%s","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada-%s@example.com","country":"%s"}}
                """.formatted(externalId, externalId, country));
    }

    private void faults(final int sandboxPort, final String method, final String body) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + sandboxPort + "/_admin/faults/xgateway"))
                .header("Content-Type", "application/json");
        final HttpResponse<String> answer = http.send(body == null ? request.DELETE().build()
                : request.method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(204);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
