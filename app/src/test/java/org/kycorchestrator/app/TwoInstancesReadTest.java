package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;

/**
 * Two instances of the app share the cases between them, each orchestrator owning some
 * partitions; a read that lands on the instance that does not own the case is forwarded to the
 * one that does.
 */
@ExtendWith(SharedKafka.class)
class TwoInstancesReadTest {

    private static final String API_KEY = "two-instances-key";
    private static final String TOKEN = "two-instances-internal-token";
    private static final List<String> ORDER = List.of("CREATED", "PENDING_KYC_DATA", "KYC_PENDING", "VERIFICATION_IN_PROGRESS", "APPROVED");

    private final List<KycApp> apps = new ArrayList<>();

    @AfterEach
    void stopApps() {
        apps.forEach(KycApp::close);
    }

    @Test
    void everyCaseReadsTheSameThroughEitherInstanceAndNoReadIsOlderThanAnAnswerAlreadySeen(
            final EmbeddedKafkaBroker broker, @TempDir final Path dir1, @TempDir final Path dir2) {
        // given two instances on different ports, sharing the broker, the registry and the sandbox vendor
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final int sandboxPort = freePort();
        final Map<String, String> shared = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "KYC_HTTP_PORT", "0",
                "KYC_DEMO_API_KEY", API_KEY,
                "KYC_INTERNAL_TOKEN", TOKEN,
                "KYC_ORCHESTRATOR_APPLICATION_ID", "two-instances-" + run,
                "KYC_WORKERS_GROUP_ID", "two-instances-workers-" + run);
        final KycApp first = start(shared, Map.of("KYC_DATA_DIR", dir1.toString(), "KYC_SANDBOX_PORT", String.valueOf(sandboxPort)));
        final KycApp second = start(shared, Map.of("KYC_DATA_DIR", dir2.toString(),
                "KYC_SCHEMA_REGISTRY_URL", first.baseUrl() + "/schema-registry",
                "KYC_PROVIDER_XGATEWAY_URL", "http://localhost:" + sandboxPort + "/xgateway/api/v2",
                "KYC_PROVIDER_XGATEWAY_API_KEY", KycApp.SANDBOX_XGATEWAY_KEY,
                "KYC_PROVIDER_XGATEWAY_SECRET", KycApp.SANDBOX_XGATEWAY_SECRET));
        final ApiClient viaFirst = new ApiClient(first.baseUrl(), API_KEY);
        final ApiClient viaSecond = new ApiClient(second.baseUrl(), API_KEY);
        final MerchantFlow throughFirst = new MerchantFlow(viaFirst);
        await().atMost(Duration.ofSeconds(60)).until(() -> viaFirst.get("/health/ready").status() == 200
                && viaSecond.get("/health/ready").status() == 200);

        // when customers, some owned by each instance, move through the flow by commands sent to the first one
        final List<String> customers = new ArrayList<>();
        int ownedByFirst = 0;
        int ownedBySecond = 0;
        while (customers.size() < 8 || ownedByFirst == 0 || ownedBySecond == 0) {
            assertThat(customers).as("customers spread over both instances").hasSizeLessThan(40);
            final JsonNode registered = throughFirst.registered("""
                    {"externalId":"two-%s-%d","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","country":"GB"}}
                    """.formatted(run, customers.size()));
            final String id = registered.path("customerId").asText();
            customers.add(id);
            ownedByFirst += ownsLocally(viaFirst, id) ? 1 : 0;
            ownedBySecond += ownsLocally(viaSecond, id) ? 1 : 0;
            // then each answer is never newer than what the other instance reads right after it
            assertReadNoOlder(viaSecond, id, registered.path("state").asText());
        }
        for (String id : customers) {
            assertReadNoOlder(viaSecond, id, throughFirst.applicant(id).path("state").asText());
            assertReadNoOlder(viaSecond, id, throughFirst.agreements(id).path("state").asText());
            assertReadNoOlder(viaSecond, id, throughFirst.linked(id).path("state").asText());
            assertReadNoOlder(viaSecond, id, throughFirst.verification(id).path("state").asText());
        }

        // and every case ends the same, read through either instance
        for (String id : customers) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(viaFirst.get("/v1/customers/" + id + "/kyc").data().path("state").asText()).isEqualTo("APPROVED");
                assertThat(viaSecond.get("/v1/customers/" + id + "/kyc").data().path("state").asText()).isEqualTo("APPROVED");
            });
            assertThat(viaSecond.get("/v1/customers/" + id + "/kyc/events").data())
                    .isEqualTo(viaFirst.get("/v1/customers/" + id + "/kyc/events").data());
        }
    }

    /** Only the owner answers a question scoped to its own store; the internal route needs the cluster's token. */
    private static boolean ownsLocally(final ApiClient instance, final String customerId) {
        return instance.get("/internal/v1/cases/" + customerId + "?scope=local", "x-kyc-internal-token", TOKEN).status() == 200;
    }

    private static void assertReadNoOlder(final ApiClient reader, final String customerId, final String answered) {
        final ApiClient.Answer read = reader.get("/v1/customers/" + customerId + "/kyc");
        assertThat(read.status()).isEqualTo(200);
        assertThat(ORDER.indexOf(read.data().path("state").asText())).isGreaterThanOrEqualTo(ORDER.indexOf(answered));
    }

    private KycApp start(final Map<String, String> shared, final Map<String, String> own) {
        final Map<String, String> values = new HashMap<>(shared);
        values.putAll(own);
        final KycApp app = KycApp.start(Config.of(values));
        apps.add(app);
        return app;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
