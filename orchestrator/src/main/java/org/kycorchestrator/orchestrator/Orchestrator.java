package org.kycorchestrator.orchestrator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.DeadLetterHandler;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KafkaMeters;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.orchestrator.cases.KycRules;
import org.kycorchestrator.orchestrator.queries.CaseQueries;
import org.kycorchestrator.orchestrator.topology.KycTopology;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the KYC case topology; it is the only writer of case state.
 *
 * <p>Processing is exactly-once ({@code exactly_once_v2}): a transaction commits the store updates
 * with every event, request and answer they caused. Readers of our output use
 * {@code read_committed}, so every hop through the orchestrator waits for a commit: the commit
 * interval bounds the latency a hop adds. 100 ms ({@code KYC_ORCHESTRATOR_COMMIT_INTERVAL}) keeps a
 * full flow of five hops well under a second while batching enough records per transaction that
 * commits do not dominate the work.
 */
public final class Orchestrator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

    private final KafkaStreams streams;
    private final CaseQueries queries;
    private final KafkaMeters meters;

    /** An orchestrator whose metrics stay in memory, for when nothing publishes them. */
    public Orchestrator(final Config config, final KafkaClients clients, final KycTopics topics, final HostInfo endpoint) {
        this(config, clients, topics, endpoint, new SimpleMeterRegistry());
    }

    /**
     * @param endpoint where this instance answers {@code /internal/v1/cases/{id}}, as {@code host:port};
     *                 other instances forward reads of the cases this one owns there
     * @param registry where the Kafka Streams metrics of the topology and its clients go
     */
    public Orchestrator(final Config config, final KafkaClients clients, final KycTopics topics, final HostInfo endpoint,
                        final MeterRegistry registry) {
        Objects.requireNonNull(config, "config cannot be null");
        this.streams = new KafkaStreams(
                KycTopology.build(topics, KycRules.from(config), config.getDuration("KYC_ORCHESTRATOR_TIMER_INTERVAL", Duration.ofSeconds(1))),
                streamsProperties(config, clients, topics, endpoint));
        this.streams.setUncaughtExceptionHandler(e -> {
            LOG.error("The orchestrator's stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        this.queries = new CaseQueries(streams, endpoint, config.require("KYC_INTERNAL_TOKEN"));
        this.meters = new KafkaMeters(registry, KycTopology.COMPONENT);
        meters.streams(streams);
    }

    static Properties streamsProperties(final Config config, final KafkaClients clients, final KycTopics topics, final HostInfo endpoint) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get("KYC_ORCHESTRATOR_APPLICATION_ID", "kyc-orchestrator"));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint.host() + ":" + endpoint.port());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                config.getDuration("KYC_ORCHESTRATOR_COMMIT_INTERVAL", Duration.ofMillis(100)).toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt("KYC_TOPIC_REPLICATION_FACTOR", 1));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt("KYC_ORCHESTRATOR_THREADS", 1));
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                Path.of(config.get("KYC_DATA_DIR", "./data")).resolve("streams").toAbsolutePath().toString());
        DeadLetterHandler.install(props, KycTopology.COMPONENT, topics.serde(DeadLetter.class).serializer());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        // How long a crashed instance keeps its partitions before the others take them over. Its open
        // transaction still holds back read_committed readers until the transaction timeout (10 s by
        // default), so a failover is never faster than that, whatever this says.
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"),
                (int) config.getDuration("KYC_ORCHESTRATOR_SESSION_TIMEOUT", Duration.ofSeconds(45)).toMillis());
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

    public CaseQueries queries() {
        return queries;
    }

    /**
     * Leaves the consumer group on the way out, so that a restarted or remaining instance takes the
     * partitions over at once instead of after the session timeout.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        meters.close();
    }
}
