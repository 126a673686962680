package org.kycorchestrator.workers;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.kycorchestrator.config.CommonPool;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.ClusterConnection;
import org.kycorchestrator.tenants.TenantsFile;
import org.kycorchestrator.workers.accounts.VendorAccounts;

/**
 * Runs the provider workers alone against a Kafka cluster, a schema registry and the vendors. They
 * read {@code KYC_TENANTS_FILE} too, the same file as the ingress, to call each vendor with the
 * tenant's own account where it has one.
 */
public final class ProviderWorkersMain {

    private ProviderWorkersMain() {
    }

    public static void main(final String[] args) {
        CommonPool.atLeastTwoThreads();
        final Config config = Config.fromEnvironment();
        // A bad tenants file, or a tenant's account at a vendor without a URL, stops start-up before anything connects.
        final VendorAccounts accounts = VendorAccounts.fromConfig(config, ProviderWorkers.httpClient(), TenantsFile.fromConfig(config));
        final ClusterConnection cluster = ClusterConnection.open(config);
        final ProviderWorkers workers = new ProviderWorkers(config, cluster.clients(), cluster.topics(), accounts, new SimpleMeterRegistry());
        Runtime.getRuntime().addShutdownHook(new Thread(workers::close, "provider-workers-shutdown"));
        workers.start();
    }
}
