package org.kycorchestrator.ingress;

import java.util.Optional;

import io.javalin.Javalin;
import org.kycorchestrator.config.CommonPool;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.ClusterConnection;
import org.kycorchestrator.ingress.cases.HttpCaseReader;
import org.kycorchestrator.ingress.operations.KafkaReachability;
import org.kycorchestrator.ingress.operations.Operations;
import org.kycorchestrator.ingress.operations.PrometheusMetrics;
import org.kycorchestrator.ingress.operations.Readiness;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.tenants.TenantsFile;
import org.kycorchestrator.tenants.TenantDirectory;
import org.kycorchestrator.workers.ProviderWorkers;
import org.kycorchestrator.workers.callbacks.CallbackAccounts;

/**
 * Runs the merchant API alone against a Kafka cluster and a schema registry. On SIGTERM it stops
 * taking requests, lets those in flight finish (up to {@code KYC_SHUTDOWN_GRACE}), then closes its
 * Kafka clients.
 */
public final class IngressApiMain {

    private IngressApiMain() {
    }

    public static void main(final String[] args) {
        CommonPool.atLeastTwoThreads();
        final Config config = Config.fromEnvironment();
        final ClusterConnection cluster = ClusterConnection.open(config);
        final PrometheusMetrics metrics = new PrometheusMetrics();
        final Optional<TenantDirectory> tenantsFile = TenantsFile.fromConfig(config);
        final IngressApi api = new IngressApi(config, cluster.clients(), cluster.topics(),
                tenantsFile.map(Tenants::of).orElseGet(() -> Tenants.demo(config.require("KYC_DEMO_API_KEY"))),
                CallbackAccounts.fromConfig(config, ProviderWorkers.httpClient(), tenantsFile),
                new HttpCaseReader(config.require("KYC_ORCHESTRATOR_URL"), config.require("KYC_INTERNAL_TOKEN")),
                metrics.registry());
        final KafkaReachability kafka = new KafkaReachability(cluster.clients(),
                config.getDuration(KafkaReachability.TIMEOUT_CONFIG, KafkaReachability.DEFAULT_TIMEOUT));
        final Operations operations = new Operations(metrics,
                Readiness.of("kafka", kafka)
                        .and("ingress-api", Readiness.Check.when(api::isReady,
                                "not caught up with kyc.command-results and kyc.webhook-endpoints yet")),
                Operations.grace(config));
        api.start();
        final Javalin http = Javalin.create(javalin -> {
            javalin.jetty.port = config.getInt("KYC_HTTP_PORT", 8080);
            javalin.startup.showJavalinBanner = false;
            operations.configure(javalin);
            api.configure(javalin);
        }).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operations.stop(http, api::answerWaitingCallersNow);
            api.close();
            kafka.close();
            metrics.close();
        }, "ingress-shutdown"));
    }
}
