package org.kycorchestrator.workers;

import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.ClusterConnection;

/** Runs the provider workers alone against a Kafka cluster, a schema registry and the vendors. */
public final class ProviderWorkersMain {

    private ProviderWorkersMain() {
    }

    public static void main(final String[] args) {
        final Config config = Config.fromEnvironment();
        final ClusterConnection cluster = ClusterConnection.open(config);
        final ProviderWorkers workers = new ProviderWorkers(config, cluster.clients(), cluster.topics(),
                ProviderWorkers.adaptersFrom(config, ProviderWorkers.httpClient()));
        Runtime.getRuntime().addShutdownHook(new Thread(workers::close, "provider-workers-shutdown"));
        workers.start();
    }
}
