package org.kycorchestrator.kafka;

import java.util.Objects;

import org.apache.kafka.clients.admin.Admin;
import org.kycorchestrator.config.Config;

/**
 * What a component needs to run as its own process on a cluster: the clients for
 * {@code KAFKA_BOOTSTRAP_SERVERS}, the topics with serdes for {@code KYC_SCHEMA_REGISTRY_URL}, and
 * every topic created when missing.
 */
public record ClusterConnection(KafkaClients clients, KycTopics topics) {

    public ClusterConnection {
        Objects.requireNonNull(clients, "clients cannot be null");
        Objects.requireNonNull(topics, "topics cannot be null");
    }

    public static ClusterConnection open(final Config config) {
        final KafkaClients clients = new KafkaClients(config.require("KAFKA_BOOTSTRAP_SERVERS"));
        try (Admin admin = Admin.create(clients.admin())) {
            new TopicProvisioner(config).provision(admin);
        }
        return new ClusterConnection(clients,
                new KycTopics(new HttpSchemaRegistryClient(config.require("KYC_SCHEMA_REGISTRY_URL"))));
    }
}
