package org.kycorchestrator.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.KycCaseView;

/** How the API answers case reads, whatever the orchestrator behind it says. */
class CaseReadsTest {

    private final AtomicReference<CaseReader.Result> orchestratorSays = new AtomicReference<>();
    private IngressApi api;
    private Javalin http;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        // Reads never touch Kafka, so an unreachable bootstrap address is fine here.
        api = new IngressApi(Config.of(Map.of()), new KafkaClients("localhost:1"), new KycTopics(new InMemorySchemaRegistryClient()),
                Tenants.demo("key-of-demo"), List.of(), customerId -> orchestratorSays.get());
        http = Javalin.create(config -> {
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            api.configure(config);
        }).start();
    }

    @AfterEach
    void stop() {
        http.stop();
        api.close();
    }

    @Test
    void theTenantsOwnCaseIsShown() throws Exception {
        orchestratorSays.set(new CaseReader.Found(view(Tenants.DEMO_TENANT_ID)));

        final HttpResponse<String> answer = get("/v1/customers/c1/kyc");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"state\":\"APPROVED\"");
    }

    @Test
    void anotherTenantsCaseIsReportedExactlyLikeAnUnknownOne() throws Exception {
        orchestratorSays.set(new CaseReader.Found(view("another-tenant")));
        final HttpResponse<String> foreign = get("/v1/customers/c1/kyc");
        orchestratorSays.set(new CaseReader.NotFound());
        final HttpResponse<String> unknown = get("/v1/customers/c1/kyc");

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body());
    }

    @Test
    void whileTheCaseCannotBeReadTheAnswerIs503WithRetryAfterNeverAWrongOrEmptyCase() throws Exception {
        orchestratorSays.set(new CaseReader.Unavailable("rebalancing"));

        for (String path : List.of("/v1/customers/c1/kyc", "/v1/customers/c1/kyc/events")) {
            final HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.body()).contains("service_unavailable").doesNotContain("\"state\"");
        }
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + path)).header("x-api-key", "key-of-demo").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static KycCaseView view(final String tenant) {
        return KycCaseView.newBuilder().setCustomerId("c1").setTenantId(tenant).setExternalId("e1").setState(KycState.APPROVED)
                .setVendor(Vendor.XGATEWAY).setSequence(5).setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();
    }
}
