package org.kycorchestrator.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicProvisioner;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.Outcome;

/**
 * The same check against any real broker: a registration goes in on {@code kyc.commands} and the
 * exactly-once topology answers on {@code kyc.status} and {@code kyc.command-results}.
 */
final class OrchestratorOnABrokerCheck {

    private OrchestratorOnABrokerCheck() {
    }

    static void registrationIsAnsweredThroughKafka(final String bootstrapServers, final Path stateDir) throws Exception {
        final KafkaClients clients = new KafkaClients(bootstrapServers);
        try (Admin admin = Admin.create(clients.admin())) {
            new TopicProvisioner(Config.of(Map.of())).provision(admin);
        }
        final KycTopics topics = new KycTopics(new InMemorySchemaRegistryClient());
        final String runId = UUID.randomUUID().toString();
        final Config config = Config.of(Map.of("KYC_ORCHESTRATOR_APPLICATION_ID", "orchestrator-check-" + runId,
                "KYC_DATA_DIR", stateDir.toString(), "KYC_INTERNAL_TOKEN", "check-token"));
        final String customerId = "customer-" + runId;

        try (Orchestrator orchestrator = new Orchestrator(config, clients, topics, new org.apache.kafka.streams.state.HostInfo("localhost", 1));
             KafkaProducer<String, KycCommand> producer = new KafkaProducer<>(clients.producer("check"),
                     topics.commands().keySerde().serializer(), topics.commands().valueSerde().serializer())) {
            orchestrator.start();
            producer.send(new ProducerRecord<>(topics.commands().name(), customerId, Fixtures.register(customerId, "cmd-" + runId))).get();

            final List<KycStatusEvent> events = readAll(clients, topics.status().name(), customerId, topics.status().valueSerde().deserializer());
            final List<CommandResult> results = readAll(clients, topics.commandResults().name(), customerId,
                    topics.commandResults().valueSerde().deserializer());
            assertThat(events).extracting(KycStatusEvent::getTo, KycStatusEvent::getSequence)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(KycState.CREATED, 1L));
            assertThat(results).extracting(CommandResult::getOutcome).containsExactly(Outcome.ACCEPTED);
            assertThat(orchestrator.isRunning()).isTrue();
        }
    }

    private static <V> List<V> readAll(final KafkaClients clients, final String topic, final String key,
                                       final org.apache.kafka.common.serialization.Deserializer<V> deserializer) {
        final List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(clients.consumer("check-" + UUID.randomUUID(), "check"),
                new org.apache.kafka.common.serialization.StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        values.add(r.value());
                    }
                });
                return !values.isEmpty();
            });
        }
        return values;
    }
}
