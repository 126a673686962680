package org.kycorchestrator.orchestrator;

import io.javalin.Javalin;
import org.apache.kafka.streams.state.HostInfo;
import org.kycorchestrator.config.CommonPool;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.ClusterConnection;
import org.kycorchestrator.orchestrator.queries.CaseQueryRoutes;

/**
 * Runs the orchestrator alone against a Kafka cluster and a schema registry. It answers case reads
 * for the ingress instances on {@code KYC_HTTP_PORT}, and advertises itself to the other
 * orchestrator instances as {@code KYC_ORCHESTRATOR_HOST} (default: localhost) on that port.
 */
public final class OrchestratorMain {

    private OrchestratorMain() {
    }

    public static void main(final String[] args) {
        CommonPool.atLeastTwoThreads();
        final Config config = Config.fromEnvironment();
        final ClusterConnection cluster = ClusterConnection.open(config);
        final int port = config.getInt("KYC_HTTP_PORT", 8080);
        final Orchestrator orchestrator = new Orchestrator(config, cluster.clients(), cluster.topics(),
                new HostInfo(config.get("KYC_ORCHESTRATOR_HOST", "localhost"), port));
        final Javalin http = Javalin.create(javalin -> {
            javalin.jetty.port = port;
            javalin.startup.showJavalinBanner = false;
            new CaseQueryRoutes(orchestrator.queries()).register(javalin.routes);
            javalin.routes.get("/health/ready", ctx -> ctx.status(orchestrator.isRunning() ? 200 : 503));
        }).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.stop();
            orchestrator.close();
        }, "orchestrator-shutdown"));
        orchestrator.start();
    }
}
