package org.kycorchestrator.ingress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;
import static org.kycorchestrator.ingress.IngressOnKafka.data;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.customers.CustomerRoutes;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.KycCaseView;

/**
 * The API on a broker of its own, which the test stops and starts again: while Kafka is away,
 * every command is a 503 with Retry-After within 5 s and nothing answered so is published later;
 * once the broker is back, the same API serves again by itself.
 */
class KafkaOutageTest {

    private static final String API_KEY = "outage-key";
    private static final Tenant TENANT = new Tenant("outage");
    private static final Duration PROMISED = Duration.ofSeconds(5);
    private static final CaseReader CASES = customerId -> customerId.startsWith("known-")
            ? new CaseReader.Found(KycCaseView.newBuilder().setCustomerId(customerId).setTenantId(TENANT.id()).setExternalId("e")
                    .setState(KycState.KYC_PENDING).setVendor(Vendor.XGATEWAY).setSequence(1)
                    .setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build())
            : new CaseReader.NotFound();

    /** A call that publishes; {@code {id}} is a customer of the tenant's, new for each call. */
    private record Call(String method, String path, String body, String... headers) {
        @Override
        public String toString() {
            return method + " " + path + (headers.length > 0 ? " " + String.join(": ", headers) : "");
        }
    }

    private static final List<Call> CALLS = List.of(
            new Call("POST", "/v1/customers", "{\"externalId\":\"{id}\",\"profile\":{\"country\":\"GB\"}}"),
            new Call("POST", "/v1/customers", "{\"externalId\":\"{id}\",\"profile\":{\"country\":\"GB\"}}", "Idempotency-Key", "{id}"),
            new Call("POST", "/v1/customers", "{\"externalId\":\"{id}\",\"profile\":{\"country\":\"GB\"}}", "Prefer", "wait=10"),
            new Call("PATCH", "/v1/customers/known-{id}/profile", "{\"firstName\":\"Ada\"}"),
            new Call("POST", "/v1/customers/known-{id}/kyc/applicant", null),
            new Call("POST", "/v1/customers/known-{id}/kyc/agreements",
                    "{\"privacyPolicyHash\":\"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"}"),
            new Call("POST", "/v1/customers/known-{id}/kyc/link", "{\"locale\":\"en\"}", "Idempotency-Key", "{id}"),
            new Call("POST", "/v1/customers/known-{id}/kyc/verification", null),
            new Call("POST", "/v1/webhook-endpoints", "{\"url\":\"https://merchant.example/{id}\"}"));

    @Test
    void whileKafkaIsAwayCommandsAre503WithRetryAfterWithinFiveSecondsAndTheApiRecoversByItself(@TempDir final Path dataDir)
            throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, 0).start();
             IngressOnKafka ingress = IngressOnKafka.start(broker, Map.of(),
                     new Tenants(Map.of(Tenants.sha256(API_KEY), TENANT)), CASES)) {
            // given the API serves, and answered a request sent with a key
            final String answeredKey = "before-" + UUID.randomUUID();
            final String answeredBody = "{\"externalId\":\"" + answeredKey + "\",\"profile\":{\"country\":\"GB\"}}";
            final HttpResponse<String> answered = ingress.send(API_KEY, "POST", "/v1/customers", answeredBody, "Idempotency-Key", answeredKey);
            assertThat(answered.statusCode()).isEqualTo(202);

            // when the broker stops
            broker.stop();

            // then every command is refused with a 503 and Retry-After, within 5 s
            final List<String> refused = new ArrayList<>();
            for (Call call : CALLS) {
                final String id = UUID.randomUUID().toString();
                final long started = System.nanoTime();
                final HttpResponse<String> answer = send(ingress, call, id);
                final Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(answer.statusCode()).as(call + " answered " + answer.body()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).as(call.toString()).isPresent();
                assertThat(answer.body()).as(call.toString()).contains("\"code\":\"service_unavailable\"");
                assertThat(took).as(call + " took " + took).isLessThan(PROMISED);
                refused.add(id);
            }
            // and a retry of the request answered before the outage still gets its first answer, which needs no Kafka
            final HttpResponse<String> retried = ingress.send(API_KEY, "POST", "/v1/customers", answeredBody, "Idempotency-Key", answeredKey);
            assertThat(retried.statusCode()).isEqualTo(202);
            assertThat(retried.body()).isEqualTo(answered.body());

            // when the broker comes back, on the same directory and port
            broker.start();

            // then the same API accepts commands again by itself
            for (Call call : CALLS) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> send(ingress, call, UUID.randomUUID().toString()).statusCode(), status -> status < 300);
            }
            // and a request refused during the outage, retried with its key, is carried out now
            final String retriedLater = refused.get(1);
            final HttpResponse<String> carriedOut = send(ingress, CALLS.get(1), retriedLater);
            assertThat(carriedOut.statusCode()).isEqualTo(202);
            assertThat(data(carriedOut).path("customerId").asText()).isEqualTo(CustomerRoutes.customerId(TENANT, retriedLater));
            // and no other command refused with a 503 was published after all
            final Set<String> published = ingress.readAll(TOPICS.commands()).stream().map(record -> record.key()).collect(Collectors.toSet());
            for (String id : refused.stream().filter(id -> !id.equals(retriedLater)).toList()) {
                assertThat(published).doesNotContain(CustomerRoutes.customerId(TENANT, id), "known-" + id);
            }
            assertThat(ingress.readAll(TOPICS.webhookEndpoints()).stream().map(record -> record.value().getUrl()))
                    .noneMatch(url -> refused.stream().anyMatch(url::endsWith));
        }
    }

    private static HttpResponse<String> send(final IngressOnKafka ingress, final Call call, final String id) throws Exception {
        final String[] headers = new String[call.headers().length];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = call.headers()[i].replace("{id}", id);
        }
        return ingress.send(API_KEY, call.method(), call.path().replace("{id}", id),
                call.body() == null ? null : call.body().replace("{id}", id), headers);
    }
}
