package org.kycorchestrator.ingress;

import java.util.List;

import io.javalin.Javalin;
import org.apache.kafka.clients.admin.Admin;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.ingress.http.Health;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.HttpSchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicProvisioner;
import org.kycorchestrator.workers.xgateway.XGatewayCallbackVerifier;

/** Runs the merchant API alone against a Kafka cluster and a schema registry. */
public final class IngressApiMain {

    private IngressApiMain() {
    }

    public static void main(final String[] args) {
        final Config config = Config.fromEnvironment();
        final KafkaClients clients = new KafkaClients(config.require("KAFKA_BOOTSTRAP_SERVERS"));
        try (Admin admin = Admin.create(clients.admin())) {
            new TopicProvisioner(config).provision(admin);
        }
        final IngressApi api = new IngressApi(config, clients,
                new KycTopics(new HttpSchemaRegistryClient(config.require("KYC_SCHEMA_REGISTRY_URL"))),
                Tenants.demo(config.require("KYC_DEMO_API_KEY")),
                List.of(new XGatewayCallbackVerifier(config.require("KYC_PROVIDER_XGATEWAY_SECRET"))));
        api.start();
        final Javalin http = Javalin.create(javalin -> {
            javalin.jetty.port = config.getInt("KYC_HTTP_PORT", 8080);
            javalin.startup.showJavalinBanner = false;
            api.configure(javalin);
            Health.register(javalin.routes, api::isReady);
        }).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.stop();
            api.close();
        }, "ingress-shutdown"));
    }
}
