package org.kycorchestrator.emitter.scheduling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.emitter.delivery.RetrySchedule;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.emitter.sending.AttemptSender;
import org.kycorchestrator.kafka.DeadLetterHandler;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KafkaMeters;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link WebhookTopology}: the durable part of webhook delivery. What each (endpoint,
 * customer) still owes, and when its next attempt is due, lives in state stores backed by changelog
 * topics, so a restart, a crash or a rebalance loses no retry.
 *
 * <p>Processing is at least once, not exactly once: a webhook is delivered at least once anyway (the
 * {@code webhook-id} lets receivers drop duplicates), the queue rules are idempotent, and without
 * transactions an attempt reaches the sender as soon as it is written, instead of a commit later.
 *
 * <p>Configuration: {@value RetrySchedule#CONFIG_NAME}; {@value #ATTEMPT_DEADLINE} (default 2m), after
 * which an unanswered attempt is asked for again; {@value #HELD_RECHECK} (default 1m), how often a
 * held queue looks whether its endpoint was enabled; {@value #DISABLE_AFTER} (default 5d), how long
 * an endpoint may fail every attempt before it is disabled; {@value #TICK} (default 100ms), how often
 * due queues are looked for; {@value #APPLICATION_ID} (default {@value #DEFAULT_APPLICATION_ID}).
 */
public final class WebhookScheduler implements AutoCloseable {

    public static final String ATTEMPT_DEADLINE = "KYC_WEBHOOK_ATTEMPT_DEADLINE";
    public static final String HELD_RECHECK = "KYC_WEBHOOK_HELD_RECHECK";
    public static final String DISABLE_AFTER = "KYC_WEBHOOK_DISABLE_AFTER";
    public static final String TICK = "KYC_WEBHOOK_TICK";
    public static final String APPLICATION_ID = "KYC_WEBHOOK_APPLICATION_ID";
    public static final String DEFAULT_APPLICATION_ID = "kyc-callback-emitter";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookScheduler.class);

    private final KafkaStreams streams;

    /** @param meters where the Kafka Streams metrics of the scheduler go */
    public WebhookScheduler(final Config config, final KafkaClients clients, final KycTopics topics, final EndpointTable endpoints,
                            final KafkaMeters meters) {
        Objects.requireNonNull(config, "config cannot be null");
        final QueueTransitions transitions = new QueueTransitions(RetrySchedule.from(config),
                config.getDuration(ATTEMPT_DEADLINE, Duration.ofMinutes(2)),
                config.getDuration(HELD_RECHECK, Duration.ofMinutes(1)),
                new Random());
        final EndpointHealthRules health = new EndpointHealthRules(config.getDuration(DISABLE_AFTER, Duration.ofDays(5)));
        this.streams = new KafkaStreams(
                WebhookTopology.build(topics, endpoints, transitions, health, config.getDuration(TICK, Duration.ofMillis(100))),
                properties(config, clients, topics));
        this.streams.setUncaughtExceptionHandler(e -> {
            LOG.error("The webhook scheduler's stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        meters.streams(streams);
    }

    private static Properties properties(final Config config, final KafkaClients clients, final KycTopics topics) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(APPLICATION_ID, DEFAULT_APPLICATION_ID));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // What is reprocessed after a crash: at most this much input, each record idempotent.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getDuration("KYC_WEBHOOK_COMMIT_INTERVAL", Duration.ofSeconds(1)).toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt("KYC_TOPIC_REPLICATION_FACTOR", 1));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt("KYC_WEBHOOK_SCHEDULER_THREADS", 1));
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                Path.of(config.get("KYC_DATA_DIR", "./data")).resolve("streams").toAbsolutePath().toString());
        DeadLetterHandler.install(props, WebhookTopology.COMPONENT, topics.serde(DeadLetter.class).serializer());
        // The inputs need no alignment by time (each keeps its own order), so a record is processed as
        // soon as it is fetched, instead of after a fetch has shown the other inputs empty.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // Streams waits 100 ms to batch by default; an attempt should reach the sender at once.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 2);
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"),
                (int) config.getDuration(AttemptSender.SESSION_TIMEOUT_CONFIG, Duration.ofSeconds(45)).toMillis());
        return props;
    }

    public void start() {
        streams.start();
    }

    /** Starting or running, as opposed to stopped or failed. */
    public boolean isAlive() {
        final KafkaStreams.State state = streams.state();
        return state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Leaves the group on the way out, so that another instance takes the partitions over at once. */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
