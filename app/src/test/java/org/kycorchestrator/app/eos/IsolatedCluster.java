package org.kycorchestrator.app.eos;

import java.nio.file.Path;
import java.util.Map;

import io.javalin.Javalin;
import org.apache.kafka.clients.admin.Admin;
import org.kycorchestrator.app.registry.SchemaRegistryRoutes;
import org.kycorchestrator.app.registry.SchemaStore;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.HttpSchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicProvisioner;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;

/**
 * A broker and a schema registry of one test's own, for components that run as processes of their
 * own ({@link ComponentProcess}): the shared broker's topics have three partitions, and its consumer
 * groups are shared with the other tests, whereas a crash test needs to know every member of its
 * groups. The registry is the app's own ({@link SchemaStore} over HTTP), so the processes reach it by
 * its URL as they would a real one. Every topic is created up front with the given partitions.
 */
final class IsolatedCluster implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final KafkaClients clients;
    private final Admin admin;
    private final SchemaStore schemaStore;
    private final Javalin registry;
    private final String registryUrl;
    private final KycTopics topics;

    private IsolatedCluster(final Path dir, final int partitions) {
        broker = new EmbeddedKafkaBroker(dir.resolve("broker"), 0).start();
        clients = new KafkaClients(broker.bootstrapServers());
        admin = Admin.create(clients.admin());
        new TopicProvisioner(Config.of(Map.of("KYC_TOPIC_PARTITIONS", String.valueOf(partitions)))).provision(admin);
        schemaStore = new SchemaStore(clients);
        registry = Javalin.create(javalin -> {
            javalin.jetty.port = 0;
            javalin.startup.showJavalinBanner = false;
            new SchemaRegistryRoutes(schemaStore).register(javalin.routes);
        }).start();
        registryUrl = "http://localhost:" + registry.port() + SchemaRegistryRoutes.PREFIX;
        topics = new KycTopics(new HttpSchemaRegistryClient(registryUrl));
    }

    /** @param dir where the broker keeps its logs */
    static IsolatedCluster start(final Path dir, final int partitions) {
        return new IsolatedCluster(dir, partitions);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    KafkaClients clients() {
        return clients;
    }

    Admin admin() {
        return admin;
    }

    String registryUrl() {
        return registryUrl;
    }

    /** Topic descriptors whose serdes use the registry over HTTP, as the processes' do. */
    KycTopics topics() {
        return topics;
    }

    @Override
    public void close() {
        registry.stop();
        schemaStore.close();
        admin.close();
        broker.close();
    }
}
