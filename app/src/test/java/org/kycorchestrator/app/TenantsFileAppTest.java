package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.tenants.TenantsFile;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;

/** The all-in-one app with {@code KYC_TENANTS_FILE}: its tenants replace the demo tenant, and a bad file stops start-up. */
@ExtendWith(SharedKafka.class)
class TenantsFileAppTest {

    @Test
    void theTenantsOfTheFileAreTheOnlyOnes(final EmbeddedKafkaBroker broker, @TempDir final Path dataDir) {
        // given the documented example file, and the environment variables its credentials name
        final Map<String, String> config = config(broker, dataDir);
        config.put(TenantsFile.CONFIG, example().toString());
        config.put("KYC_DEMO_API_KEY", "a-demo-key-that-must-not-work");
        config.putAll(Map.of("ACME_XGATEWAY_API_KEY", "k", "ACME_XGATEWAY_SECRET", "s", "ACME_PAYCC_PASSWORD", "p",
                "ACME_GRID_CLIENT_SECRET", "g"));

        // when the app starts with it
        try (KycApp app = KycApp.start(Config.of(config))) {
            // then each of the file's keys is served, and the demo key is not
            assertThat(new ApiClient(app.baseUrl(), "example-acme-key-2026-07").get("/v1/webhook-endpoints").status()).isEqualTo(200);
            assertThat(new ApiClient(app.baseUrl(), "example-globex-key-1").get("/v1/webhook-endpoints").status()).isEqualTo(200);
            assertThat(new ApiClient(app.baseUrl(), "a-demo-key-that-must-not-work").get("/v1/webhook-endpoints").status()).isEqualTo(401);
            assertThat(app.demoApiKey()).isNull();
        }
    }

    @Test
    void aBadFileStopsStartUpNamingTheLineAndTheField(final EmbeddedKafkaBroker broker, @TempDir final Path dataDir) throws Exception {
        final Path file = dataDir.resolve("tenants.yaml");
        Files.writeString(file, "tenants:\n  - id: acme\n    apiKeys: [{sha256: not-a-hash}]\n");
        final Map<String, String> config = config(broker, dataDir);
        config.put(TenantsFile.CONFIG, file.toString());

        assertThatThrownBy(() -> KycApp.start(Config.of(config)).close())
                .isInstanceOf(TenantsFile.BadTenantsFile.class)
                .hasMessageContaining("line 3").hasMessageContaining("tenants[0].apiKeys[0]: sha256 must be");
    }

    private static Map<String, String> config(final EmbeddedKafkaBroker broker, final Path dataDir) {
        final String run = UUID.randomUUID().toString().substring(0, 8);
        return new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "KYC_DATA_DIR", dataDir.toString(),
                "KYC_HTTP_PORT", "0",
                "KYC_SANDBOX_PORT", "0",
                "KYC_ORCHESTRATOR_APPLICATION_ID", "tenants-file-" + run,
                "KYC_WORKERS_GROUP_ID", "tenants-file-workers-" + run,
                "KYC_WEBHOOK_APPLICATION_ID", "tenants-file-emitter-" + run));
    }

    private static Path example() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("docs/tenants.example.yaml"))) {
                return dir.resolve("docs/tenants.example.yaml");
            }
        }
        throw new IllegalStateException("docs/tenants.example.yaml not found");
    }
}
