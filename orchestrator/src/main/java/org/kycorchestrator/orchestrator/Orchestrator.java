package org.kycorchestrator.orchestrator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.orchestrator.topology.KycTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the KYC case topology. It is the only writer of case state. Processing is exactly-once:
 * a transaction commits the store update with every event, request and answer it caused. That
 * costs up to one commit interval of latency per hop, which is why the interval is short
 * ({@code KYC_ORCHESTRATOR_COMMIT_INTERVAL}, default 100 ms).
 */
public final class Orchestrator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

    private final KafkaStreams streams;

    public Orchestrator(final Config config, final KafkaClients clients, final KycTopics topics) {
        Objects.requireNonNull(config, "config cannot be null");
        this.streams = new KafkaStreams(KycTopology.build(topics), streamsProperties(config, clients));
        this.streams.setUncaughtExceptionHandler(e -> {
            LOG.error("The orchestrator's stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    static Properties streamsProperties(final Config config, final KafkaClients clients) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get("KYC_ORCHESTRATOR_APPLICATION_ID", "kyc-orchestrator"));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                config.getDuration("KYC_ORCHESTRATOR_COMMIT_INTERVAL", Duration.ofMillis(100)).toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt("KYC_TOPIC_REPLICATION_FACTOR", 1));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt("KYC_ORCHESTRATOR_THREADS", 1));
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                Path.of(config.get("KYC_DATA_DIR", "./data")).resolve("streams").toAbsolutePath().toString());
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        props.put("processing.exception.handler.global.enabled", true);
        return props;
    }

    public void start() {
        streams.start();
    }

    /** True once the topology is processing; health checks use it. */
    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Leaves the consumer group on the way out, so that a restarted or remaining instance takes the
     * partitions over at once instead of after the session timeout.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
