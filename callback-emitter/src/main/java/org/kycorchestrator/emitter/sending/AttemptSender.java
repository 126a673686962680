package org.kycorchestrator.emitter.sending;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Deserializer;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.emitter.CallbackEmitter;
import org.kycorchestrator.emitter.delivery.EndpointLimits;
import org.kycorchestrator.emitter.delivery.WebhookSender;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.kafka.DeadLetters;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.OffsetTracker;
import org.kycorchestrator.kafka.SchemaRegistryOutage;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.WebhookAttempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender of the durable webhook pipeline: reads the attempts the scheduler asks for on
 * {@code kyc.webhooks.attempts} (consumer group {@value #GROUP_ID}), makes each one
 * ({@link AttemptMaker}), and writes how it ended to {@code kyc.webhooks.deliveries}, which the
 * scheduler moves on from and merchants read as the delivery log. An endpoint answering 410 Gone is
 * also disabled on {@code kyc.webhook-endpoints}.
 *
 * <p>Attempts run concurrently and the consumer thread never waits for one, so an endpoint that
 * hangs holds only its own attempts (and, within {@link EndpointLimits}, only its own share of
 * requests). They finish out of order; an offset is committed only past records whose outcome the
 * broker acknowledged ({@link OffsetTracker}). Delivery is at least once: after a crash or a lost
 * partition an attempt may be sent again, with the same {@code webhook-id}. While more than
 * {@value #MAX_IN_FLIGHT_CONFIG} (default {@value #DEFAULT_MAX_IN_FLIGHT}) attempts are open, every
 * partition is paused, so memory stays bounded when endpoints are slow.
 *
 * <p>A record that is not a {@link WebhookAttempt} goes to the component's dead-letter topic. If the
 * schema registry cannot be reached, the partition is read again from that record after a pause. If
 * an outcome cannot be written at all, the loop stops with an error: its attempts are made again by
 * whoever reads the partitions next.
 *
 * <p>Attempts are only made once the endpoint table caught up with {@code kyc.webhook-endpoints}:
 * before that, an endpoint not yet read would look deleted, and its queue would be dropped.
 */
public final class AttemptSender implements Runnable {

    public static final String GROUP_ID = "kyc-callback-emitter-sender";
    public static final String MAX_IN_FLIGHT_CONFIG = "KYC_WEBHOOK_SENDER_MAX_IN_FLIGHT";
    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    /** The scheduler's setting too: both parts of a crashed instance move to another one after the same time. */
    public static final String SESSION_TIMEOUT_CONFIG = "KYC_WEBHOOK_SESSION_TIMEOUT";

    private static final Logger LOG = LoggerFactory.getLogger(AttemptSender.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How long a partition rests when its record could not be read for want of the schema registry. */
    private static final Duration REGISTRY_BACKOFF = Duration.ofSeconds(5);
    private static final Duration CATCH_UP_WARNING = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<WebhookAttempt> values;
    private final EndpointTable endpoints;
    private final AttemptMaker maker;
    private final DeliveryWriter log;
    private final EndpointDisabler disabler;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final int maxInFlight;
    private final WebhookMeters meters;

    private final OffsetTracker offsets = new OffsetTracker();
    private final Queue<Done> done = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicReference<Throwable> broken = new AtomicReference<>();
    /** Partitions paused until a time (System.nanoTime), because the registry was unreachable. */
    private final Map<TopicPartition, Long> resting = new HashMap<>();
    private boolean overloaded;
    private volatile boolean running = true;

    private record Done(TopicPartition partition, long offset) {
    }

    /**
     * @param consumer   a consumer in group {@value #GROUP_ID} (see {@link #consumerConfig}), owned by this loop from now on
     * @param producer   writes outcomes, disabled endpoints and dead letters; the caller closes it
     * @param endpoints  the endpoint table, kept by an {@code EndpointTableReader}
     * @param scheduler  runs everything about an attempt but its HTTP exchange; a single thread is enough
     * @param maxInFlight attempts open at once before the partitions are paused (see {@link #maxInFlight(Config)})
     * @param meters     counts the attempts by outcome and times them
     */
    public AttemptSender(final Consumer<byte[], byte[]> consumer, final Producer<byte[], byte[]> producer, final KycTopics topics,
                         final EndpointTable endpoints, final WebhookSender sender, final EndpointLimits limits,
                         final ScheduledExecutorService scheduler, final Clock clock, final int maxInFlight,
                         final WebhookMeters meters) {
        Objects.requireNonNull(producer, "producer cannot be null");
        Objects.requireNonNull(topics, "topics cannot be null");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("at least one attempt must be allowed open, not " + maxInFlight);
        }
        this.consumer = Objects.requireNonNull(consumer, "consumer cannot be null");
        this.topic = topics.webhookAttempts().name();
        this.values = topics.webhookAttempts().valueSerde().deserializer();
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.maker = new AttemptMaker(endpoints, sender, new EndpointRoom(limits, scheduler), scheduler, clock);
        this.log = new DeliveryWriter(topics.webhookDeliveries(), producer);
        this.disabler = new EndpointDisabler(topics.webhookEndpoints(), endpoints, producer);
        this.deadLetters = new DeadLetters(CallbackEmitter.COMPONENT, topics, producer);
        this.maxInFlight = maxInFlight;
        this.meters = Objects.requireNonNull(meters, "meters cannot be null");
    }

    /** {@value #MAX_IN_FLIGHT_CONFIG}, default {@value #DEFAULT_MAX_IN_FLIGHT}. */
    public static int maxInFlight(final Config config) {
        final int value = config.getInt(MAX_IN_FLIGHT_CONFIG, DEFAULT_MAX_IN_FLIGHT);
        if (value < 1) {
            throw new IllegalStateException(MAX_IN_FLIGHT_CONFIG + " must be at least 1, not " + value);
        }
        return value;
    }

    /** The consumer settings of the sender's group, with Kafka's default session of 45 s. */
    public static Map<String, Object> consumerConfig(final KafkaClients clients, final String clientId) {
        final Map<String, Object> props = clients.consumer(GROUP_ID, clientId);
        // Another instance joining must not take every partition away from attempts in progress.
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return props;
    }

    /**
     * The consumer settings of the sender's group, with the session of {@value #SESSION_TIMEOUT_CONFIG}
     * (default 45s). Until a crashed sender's session runs out, no attempt of its partitions is made,
     * while the scheduler, on its own session, keeps asking for them again.
     */
    public static Map<String, Object> consumerConfig(final Config config, final KafkaClients clients, final String clientId) {
        final Map<String, Object> props = consumerConfig(clients, clientId);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                (int) config.getDuration(SESSION_TIMEOUT_CONFIG, Duration.ofSeconds(45)).toMillis());
        return props;
    }

    /** Asks the loop to end; it commits what is done and closes its consumer on the way out. */
    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            if (!awaitEndpoints()) {
                return;
            }
            consumer.subscribe(List.of(topic), new Rebalance());
            LOG.info("Sending the webhook attempts of {}", topic);
            while (running) {
                failIfBroken();
                start(consumer.poll(POLL_TIMEOUT));
                commitFinished();
                pauseOrResume();
            }
        } finally {
            try {
                commitFinished();
            } catch (RuntimeException e) {
                LOG.warn("Cannot commit the last offsets; those attempts will be made again: {}", e.toString());
            }
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    /** Waits for the endpoint table, as long as it takes; answers false if stopped meanwhile. */
    private boolean awaitEndpoints() {
        final long since = System.nanoTime();
        long warnedAfter = 0;
        try {
            while (running) {
                if (endpoints.awaitCaughtUp(POLL_TIMEOUT)) {
                    return true;
                }
                final long waited = System.nanoTime() - since;
                if (waited - warnedAfter >= CATCH_UP_WARNING.toNanos()) {
                    warnedAfter = waited;
                    LOG.warn("Still waiting for the webhook endpoint table to catch up ({}); no attempt is made before",
                            Duration.ofNanos(waited).withNanos(0));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void failIfBroken() {
        final Throwable failure = broken.get();
        if (failure != null) {
            throw new IllegalStateException("cannot record how attempts ended; stopping so that they are made again", failure);
        }
    }

    private void start(final ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (!start(partition, record)) {
                    break;
                }
            }
        }
    }

    /** Starts the record's attempt; answers false if the rest of its partition must wait. */
    private boolean start(final TopicPartition partition, final ConsumerRecord<byte[], byte[]> record) {
        final WebhookAttempt attempt;
        try {
            attempt = values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            if (SchemaRegistryOutage.isCause(e)) {
                // Not the record's fault: read it again after a pause.
                LOG.warn("Cannot read {}@{} now, reading it again in {}: {}", partition, record.offset(), REGISTRY_BACKOFF, e.toString());
                consumer.seek(partition, record.offset());
                resting.put(partition, System.nanoTime() + REGISTRY_BACKOFF.toNanos());
                return false;
            }
            reject(partition, record, "cannot read a WebhookAttempt: " + e.getMessage());
            return true;
        }
        if (attempt == null) {
            reject(partition, record, "the record has no value");
            return true;
        }
        offsets.started(partition, record.offset());
        open.incrementAndGet();
        CompletableFuture<Void> recorded;
        try {
            recorded = maker.make(attempt).thenCompose(made -> {
                meters.attempted(attempt, made.delivery(), made.sentTo() != null);
                return record(made);
            });
        } catch (RuntimeException e) {
            // The scheduler refused the work: it is shutting down.
            recorded = CompletableFuture.failedFuture(e);
        }
        recorded.whenComplete((ignored, failure) -> {
            open.decrementAndGet();
            if (failure == null) {
                done.add(new Done(partition, record.offset()));
            } else {
                broken.compareAndSet(null, failure);
            }
        });
        return true;
    }

    /** Writes the outcome and, for a 410, disables the endpoint; completes once the broker has both. */
    private CompletableFuture<Void> record(final AttemptMaker.Made made) {
        LOG.debug("Attempt {} to endpoint {}: {}", made.delivery().getAttemptId(), made.delivery().getEndpointId(),
                made.delivery().getOutcome());
        final CompletableFuture<Void> logged = log.write(made.delivery());
        if (made.delivery().getOutcome() != DeliveryOutcome.GONE) {
            return logged;
        }
        return CompletableFuture.allOf(logged, disabler.disableGone(made.sentTo(), clock.instant()));
    }

    /** Dead-letters a record that can never be an attempt; waits for the letter, which is rare. */
    private void reject(final TopicPartition partition, final ConsumerRecord<byte[], byte[]> record, final String reason) {
        offsets.started(partition, record.offset());
        deadLetters.send(record, reason);
        offsets.finished(partition, record.offset());
    }

    private void commitFinished() {
        for (Done finished = done.poll(); finished != null; finished = done.poll()) {
            offsets.finished(finished.partition(), finished.offset());
        }
        final Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable();
        if (committable.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(committable);
        } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
            // A later commit covers these; if the partition moved, its next owner makes these attempts again.
            LOG.warn("Cannot commit offsets now: {}", e.getMessage());
        }
    }

    /** Pauses every partition while too many attempts are open, and resting ones until their time. */
    private void pauseOrResume() {
        final long now = System.nanoTime();
        resting.values().removeIf(until -> until - now <= 0);
        final boolean tooMany = open.get() > maxInFlight;
        if (tooMany != overloaded) {
            overloaded = tooMany;
            LOG.info(tooMany ? "More than {} attempts are open; reading no more until some end" : "No more than {} attempts are open again; reading on",
                    maxInFlight);
        }
        final Set<TopicPartition> assigned = consumer.assignment();
        final Set<TopicPartition> wanted = new HashSet<>(tooMany ? assigned : resting.keySet());
        wanted.retainAll(assigned);
        final Set<TopicPartition> paused = consumer.paused();
        final Set<TopicPartition> toPause = new HashSet<>(wanted);
        toPause.removeAll(paused);
        final Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.removeAll(wanted);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }

    /** Commits what is done in partitions that move away, and forgets the rest of them. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            try {
                commitFinished();
            } catch (RuntimeException e) {
                LOG.warn("Cannot commit revoked partitions; their next owner makes those attempts again: {}", e.toString());
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            // Offsets start where the group left them; nothing to prepare.
        }

        private void forget(final Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                offsets.forget(partition);
                resting.remove(partition);
            }
        }
    }
}
