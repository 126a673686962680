package org.kycorchestrator.workers;

import org.apache.kafka.clients.admin.Admin;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.HttpSchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicProvisioner;

/** Runs the provider workers alone against a Kafka cluster, a schema registry and the vendors. */
public final class ProviderWorkersMain {

    private ProviderWorkersMain() {
    }

    public static void main(final String[] args) {
        final Config config = Config.fromEnvironment();
        final KafkaClients clients = new KafkaClients(config.require("KAFKA_BOOTSTRAP_SERVERS"));
        try (Admin admin = Admin.create(clients.admin())) {
            new TopicProvisioner(config).provision(admin);
        }
        final ProviderWorkers workers = new ProviderWorkers(config, clients,
                new KycTopics(new HttpSchemaRegistryClient(config.require("KYC_SCHEMA_REGISTRY_URL"))),
                ProviderWorkers.adaptersFrom(config, ProviderWorkers.httpClient()));
        Runtime.getRuntime().addShutdownHook(new Thread(workers::close, "provider-workers-shutdown"));
        workers.start();
    }
}
