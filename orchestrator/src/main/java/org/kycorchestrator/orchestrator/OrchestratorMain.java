package org.kycorchestrator.orchestrator;

import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.ClusterConnection;

/** Runs the orchestrator alone against a Kafka cluster and a schema registry. */
public final class OrchestratorMain {

    private OrchestratorMain() {
    }

    public static void main(final String[] args) {
        final Config config = Config.fromEnvironment();
        final ClusterConnection cluster = ClusterConnection.open(config);
        final Orchestrator orchestrator = new Orchestrator(config, cluster.clients(), cluster.topics());
        Runtime.getRuntime().addShutdownHook(new Thread(orchestrator::close, "orchestrator-shutdown"));
        orchestrator.start();
    }
}
