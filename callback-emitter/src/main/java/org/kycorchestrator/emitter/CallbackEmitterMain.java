package org.kycorchestrator.emitter;

import java.util.concurrent.atomic.AtomicBoolean;

import org.kycorchestrator.config.CommonPool;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.ClusterConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the callback emitter as its own process against a Kafka cluster. Needs
 * {@code KAFKA_BOOTSTRAP_SERVERS} and {@code KYC_SCHEMA_REGISTRY_URL}; creates missing topics; stops
 * cleanly on SIGTERM, and exits with status 1 if the emitter stops by itself.
 */
public final class CallbackEmitterMain {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackEmitterMain.class);
    private static final long CHECK_INTERVAL_MS = 1_000;

    private CallbackEmitterMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        CommonPool.atLeastTwoThreads();
        final Config config = Config.fromEnvironment();
        final ClusterConnection cluster = ClusterConnection.open(config);
        final CallbackEmitter emitter = new CallbackEmitter(config, cluster.clients(), cluster.topics());
        final AtomicBoolean shuttingDown = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown.set(true);
            emitter.close();
        }, "callback-emitter-shutdown"));
        emitter.start();

        while (emitter.isRunning()) {
            Thread.sleep(CHECK_INTERVAL_MS);
        }
        if (!shuttingDown.get()) {
            LOG.error("The callback emitter stopped unexpectedly");
            System.exit(1);
        }
    }
}
