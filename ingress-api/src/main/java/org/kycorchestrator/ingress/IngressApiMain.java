package org.kycorchestrator.ingress;


import io.javalin.Javalin;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.ClusterConnection;
import org.kycorchestrator.ingress.cases.HttpCaseReader;
import org.kycorchestrator.ingress.http.Health;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.ingress.tenants.TenantsFile;
import org.kycorchestrator.workers.callbacks.CallbackVerifiers;

/** Runs the merchant API alone against a Kafka cluster and a schema registry. */
public final class IngressApiMain {

    private IngressApiMain() {
    }

    public static void main(final String[] args) {
        final Config config = Config.fromEnvironment();
        final ClusterConnection cluster = ClusterConnection.open(config);
        final IngressApi api = new IngressApi(config, cluster.clients(), cluster.topics(),
                TenantsFile.fromConfig(config).orElseGet(() -> Tenants.demo(config.require("KYC_DEMO_API_KEY"))),
                CallbackVerifiers.fromConfig(config, org.kycorchestrator.workers.ProviderWorkers.httpClient()),
                new HttpCaseReader(config.require("KYC_ORCHESTRATOR_URL"), config.require("KYC_INTERNAL_TOKEN")));
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
