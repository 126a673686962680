package org.kycorchestrator.ingress.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.TopicProvisioner;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/** The publisher against the real shared broker. */
@ExtendWith(SharedKafka.class)
class PublisherTest {

    @Test
    void whatACallerChainsOnAnAcknowledgementNeverHoldsUpTheProducersOwnThread(final EmbeddedKafkaBroker broker) throws Exception {
        // given a publisher on the real broker
        final KafkaClients clients = new KafkaClients(broker.bootstrapServers());
        try (Admin admin = Admin.create(clients.admin())) {
            new TopicProvisioner(Config.of(Map.of())).provision(admin);
        }
        try (Publisher publisher = new Publisher(clients, Duration.ofSeconds(3))) {

            // when callers chain their answers on twenty acknowledgements
            final List<CompletableFuture<String>> answeredOn = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answeredOn.add(publisher.publish(IngressOnKafka.TOPICS.webhookEndpoints(), "endpoint-" + UUID.randomUUID(), endpoint())
                        .thenApply(written -> Thread.currentThread().getName()));
            }

            // then each answer runs on the publisher's own threads, so the producer's I/O thread only sends and receives
            for (CompletableFuture<String> thread : answeredOn) {
                assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith(Publisher.ACKNOWLEDGING_THREAD)
                        .doesNotContain("kafka-producer-network-thread");
            }
        }
    }

    private static WebhookEndpoint endpoint() {
        return WebhookEndpoint.newBuilder()
                .setId("endpoint-" + UUID.randomUUID())
                .setTenantId("publisher-test")
                .setUrl("https://example.com/webhooks")
                .setEventTypes(List.of("*"))
                .setSecret("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]))
                .setEnabled(true)
                .setCreatedAt(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .build();
    }
}
