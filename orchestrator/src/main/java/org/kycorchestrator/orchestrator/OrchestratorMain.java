package org.kycorchestrator.orchestrator;

import org.apache.kafka.clients.admin.Admin;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.HttpSchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicProvisioner;

/** Runs the orchestrator alone against a Kafka cluster and a schema registry. */
public final class OrchestratorMain {

    private OrchestratorMain() {
    }

    public static void main(final String[] args) {
        final Config config = Config.fromEnvironment();
        final KafkaClients clients = new KafkaClients(config.require("KAFKA_BOOTSTRAP_SERVERS"));
        try (Admin admin = Admin.create(clients.admin())) {
            new TopicProvisioner(config).provision(admin);
        }
        final Orchestrator orchestrator = new Orchestrator(config, clients,
                new KycTopics(new HttpSchemaRegistryClient(config.require("KYC_SCHEMA_REGISTRY_URL"))));
        Runtime.getRuntime().addShutdownHook(new Thread(orchestrator::close, "orchestrator-shutdown"));
        orchestrator.start();
    }
}
