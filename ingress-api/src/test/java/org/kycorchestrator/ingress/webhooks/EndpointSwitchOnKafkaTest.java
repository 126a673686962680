package org.kycorchestrator.ingress.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.ingress.IngressOnKafka.MY_KEY;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;
import static org.kycorchestrator.ingress.IngressOnKafka.data;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookRequest;
import org.kycorchestrator.schemas.webhooks.WebhookRequestType;

/**
 * Disabling and enabling an endpoint on the real broker: what lands on {@code kyc.webhook-endpoints}
 * and, for an enable, the release every scheduler task must see on {@code kyc.webhooks.requests}.
 */
@ExtendWith(SharedKafka.class)
class EndpointSwitchOnKafkaTest {

    private static IngressOnKafka ingress;

    @BeforeAll
    static void start(final EmbeddedKafkaBroker broker) {
        ingress = IngressOnKafka.start(broker, Map.of());
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @Test
    void aCreatedEndpointIsEnabledSinceItsCreation() throws Exception {
        // when
        final String endpoint = ingress.createEndpoint(MY_KEY);

        // then
        final WebhookEndpoint written = last(versionsOf(endpoint));
        assertThat(written.getEnabled()).isTrue();
        assertThat(written.getEnabledAt()).isEqualTo(written.getCreatedAt());
        assertThat(written.getDisabledReason()).isNull();
    }

    @Test
    void disablingRecordsThatTheMerchantDidItAndReleasesNothing() throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);
        final Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // when
        final HttpResponse<String> disabled = ingress.send(MY_KEY, "POST", "/v1/webhook-endpoints/" + endpoint + "/disable", null);

        // then
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(data(disabled).path("disabledReason").asText()).isEqualTo("merchant");
        final WebhookEndpoint written = last(versionsOf(endpoint));
        assertThat(written.getEnabled()).isFalse();
        assertThat(written.getDisabledReason()).isEqualTo("merchant");
        assertThat(written.getDisabledAt()).isBetween(before, Instant.now());
        assertThat(data(disabled).path("disabledAt").asText()).isEqualTo(written.getDisabledAt().toString());
        assertThat(releasesOf(endpoint)).isEmpty();
    }

    @Test
    void enablingWritesTheEnabledEndpointAndThenOneReleaseToEveryPartition() throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);
        ingress.send(MY_KEY, "POST", "/v1/webhook-endpoints/" + endpoint + "/disable", null);
        final Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // when
        final HttpResponse<String> enabled = ingress.send(MY_KEY, "POST", "/v1/webhook-endpoints/" + endpoint + "/enable", null);

        // then
        assertThat(enabled.statusCode()).isEqualTo(200);
        assertThat(data(enabled).path("disabledReason").isNull()).isTrue();
        final WebhookEndpoint written = last(versionsOf(endpoint));
        assertThat(written.getEnabled()).isTrue();
        assertThat(written.getEnabledAt()).isBetween(before, Instant.now());
        assertThat(written.getDisabledReason()).isNull();
        assertThat(written.getDisabledAt()).isNull();

        final List<ConsumerRecord<String, WebhookRequest>> releases = releasesOf(endpoint);
        final int partitions = ingress.partitionsOf(TOPICS.webhookRequests());
        assertThat(releases).extracting(ConsumerRecord::partition)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, partitions).boxed().toList());
        assertThat(releases).allSatisfy(release -> {
            assertThat(release.key()).isEqualTo(endpoint);
            assertThat(release.value().getType()).isEqualTo(WebhookRequestType.RELEASE);
            assertThat(release.value().getMessage()).isNull();
            assertThat(release.value().getRequestedAt()).isBetween(before, Instant.now());
        });
    }

    private static List<WebhookEndpoint> versionsOf(final String endpoint) {
        return ingress.readAll(TOPICS.webhookEndpoints()).stream()
                .filter(r -> endpoint.equals(r.key()))
                .map(ConsumerRecord::value)
                .toList();
    }

    private static List<ConsumerRecord<String, WebhookRequest>> releasesOf(final String endpoint) {
        return ingress.readAll(TOPICS.webhookRequests()).stream()
                .filter(r -> endpoint.equals(r.value().getEndpointId()))
                .toList();
    }

    private static <T> T last(final List<T> items) {
        assertThat(items).isNotEmpty();
        return items.get(items.size() - 1);
    }
}
