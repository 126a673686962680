package org.kycorchestrator.emitter.replay;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.kafka.DeadLetters;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.SchemaRegistryOutage;
import org.kycorchestrator.schemas.webhooks.ReplayRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns merchants' replay requests ({@code kyc.webhooks.replays}, written by the API) into REPLAY
 * requests to the webhook scheduler on {@code kyc.webhooks.requests}: the endpoint's dead letters,
 * or every event since a time. Jobs run one after the other on this loop's thread, in the consumer
 * group {@value #GROUP_ID}; each is committed only once the broker has all of its requests.
 *
 * <p>Delivery is at least once: a job cut short by a stop, a crash or a failure runs again in full,
 * and the scheduler drops a replayed webhook that is already waiting in its queue. A request that
 * cannot be read goes to the component's dead-letter topic, and the loop goes on.
 *
 * <p>Known gaps: a long job holds up the requests behind it, and it must end within the poll
 * interval ({@link #MAX_JOB_TIME}) or the group takes its partition away and another instance runs
 * it again.
 */
public final class ReplayJobs implements Runnable {

    public static final String GROUP_ID = "kyc-callback-emitter-replays";

    static final Duration MAX_JOB_TIME = Duration.ofMinutes(30);
    private static final String CLIENT_ID = "callback-emitter-replays";
    private static final Logger LOG = LoggerFactory.getLogger(ReplayJobs.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ENDPOINT_GRACE = Duration.ofSeconds(5);
    /** How long the loop rests after a job failed (say, the broker or the registry was unreachable). */
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<ReplayRequest> values;
    private final EndpointTable endpoints;
    private final ReplayJob job;
    private final DeadLetters deadLetters;
    private volatile boolean running = true;

    /**
     * @param producer    writes the scheduler's requests; may be shared, as it is only flushed
     * @param deadLetters where replay requests that cannot be read go
     */
    public ReplayJobs(final KafkaClients clients, final KycTopics topics, final EndpointTable endpoints,
                      final Producer<byte[], byte[]> producer, final DeadLetters deadLetters) {
        this(clients, topics, endpoints, producer, deadLetters, ENDPOINT_GRACE);
    }

    ReplayJobs(final KafkaClients clients, final KycTopics topics, final EndpointTable endpoints,
               final Producer<byte[], byte[]> producer, final DeadLetters deadLetters, final Duration endpointGrace) {
        Objects.requireNonNull(clients, "clients cannot be null");
        Objects.requireNonNull(topics, "topics cannot be null");
        this.consumer = new KafkaConsumer<>(requestConsumerConfig(clients), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topics.webhookReplays().name();
        this.values = topics.webhookReplays().valueSerde().deserializer();
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
        this.job = new ReplayJob(endpoints, endpointGrace,
                () -> new KafkaConsumer<>(clients.consumer(null, CLIENT_ID + "-reader"), new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                topics, producer, Clock.systemUTC());
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters cannot be null");
    }

    /** Asks the loop to end; a job in progress is left uncommitted, and it closes its consumer on the way out. */
    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            if (!awaitEndpoints()) {
                return;
            }
            consumer.subscribe(List.of(topic));
            while (running) {
                handle(consumer.poll(POLL_TIMEOUT));
            }
        } finally {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    /** Before the table caught up, a known endpoint would look unknown and its replay be dropped. */
    private boolean awaitEndpoints() {
        try {
            while (running) {
                if (endpoints.awaitCaughtUp(POLL_TIMEOUT)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** On a failure, every partition goes back to its first request not done, to be run again. */
    private void handle(final ConsumerRecords<byte[], byte[]> records) {
        boolean failed = false;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (failed || !process(record)) {
                    failed = true;
                    consumer.seek(partition, record.offset());
                    break;
                }
            }
        }
        if (failed) {
            backOff();
        }
    }

    /** Answers whether the request is done with and committed (or left for the next owner to commit). */
    private boolean process(final ConsumerRecord<byte[], byte[]> record) {
        try {
            read(record).ifPresent(request -> job.run(request, () -> running));
            commit(record);
            return true;
        } catch (CancellationException e) {
            return false;
        } catch (RuntimeException e) {
            LOG.error("Replay request {}-{}@{} failed; running it again in {}", record.topic(), record.partition(), record.offset(),
                    FAILURE_BACKOFF, e);
            return false;
        }
    }

    /** The request; a record holding none goes to the dead-letter topic. Throws if the registry is unreachable. */
    private Optional<ReplayRequest> read(final ConsumerRecord<byte[], byte[]> record) {
        final ReplayRequest request;
        try {
            request = values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            if (SchemaRegistryOutage.isCause(e)) {
                throw e;
            }
            deadLetters.send(record, "cannot read a ReplayRequest: " + e.getMessage());
            return Optional.empty();
        }
        if (request == null) {
            deadLetters.send(record, "the record has no value");
        }
        return Optional.ofNullable(request);
    }

    private void commit(final ConsumerRecord<byte[], byte[]> record) {
        try {
            consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1)));
        } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
            // The partition's next owner runs the job again; the scheduler drops what it already holds.
            LOG.warn("Cannot commit the replay request {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private void backOff() {
        final long deadline = System.nanoTime() + FAILURE_BACKOFF.toNanos();
        while (running && System.nanoTime() < deadline) {
            // Polling keeps the group membership; the sought-back partitions are paused meanwhile.
            consumer.pause(consumer.assignment());
            consumer.poll(POLL_TIMEOUT);
        }
        consumer.resume(consumer.assignment());
    }

    private static Map<String, Object> requestConsumerConfig(final KafkaClients clients) {
        final Map<String, Object> props = clients.consumer(GROUP_ID, CLIENT_ID);
        // One request per poll: a job can be long, and a rebalance then re-runs only that one.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_JOB_TIME.toMillis());
        return props;
    }
}
