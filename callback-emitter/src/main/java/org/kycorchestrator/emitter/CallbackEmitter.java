package org.kycorchestrator.emitter;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.emitter.delivery.EndpointLimits;
import org.kycorchestrator.emitter.delivery.RetrySchedule;
import org.kycorchestrator.emitter.delivery.WebhookSender;
import org.kycorchestrator.emitter.endpoints.EndpointSecrets;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.emitter.endpoints.EndpointTableReader;
import org.kycorchestrator.emitter.replay.ReplayJobs;
import org.kycorchestrator.emitter.scheduling.WebhookScheduler;
import org.kycorchestrator.emitter.sending.AttemptSender;
import org.kycorchestrator.emitter.sending.WebhookMeters;
import org.kycorchestrator.kafka.DeadLetters;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KafkaMeters;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.webhooks.AddressPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every event of {@code kyc.status} (and every tenant event) to the merchant endpoints
 * subscribed to it, as a Standard Webhooks request: signed, in each customer's sequence order per
 * endpoint, retried on a durable schedule, dead-lettered to {@code kyc.webhooks.dlq} when the
 * retries run out, and replayable.
 *
 * <p>Four parts, each on its own thread:
 * <ul>
 *   <li>the endpoint table, read from {@code kyc.webhook-endpoints} ({@link EndpointTableReader});</li>
 *   <li>the {@link WebhookScheduler} (Kafka Streams), which keeps what each (endpoint, customer)
 *   owes and asks for one attempt at a time on {@code kyc.webhooks.attempts};</li>
 *   <li>the {@link AttemptSender}, which makes those attempts over HTTP and writes each outcome to
 *   {@code kyc.webhooks.deliveries}, the delivery log the scheduler moves on from;</li>
 *   <li>the {@link ReplayJobs}, which turn merchants' replay requests into webhooks queued again.</li>
 * </ul>
 * The scheduler and the replay jobs start only once the endpoint table has caught up, so that no
 * webhook is skipped for an endpoint not yet read. Delivery is at least once; every attempt of a
 * webhook carries the same {@code webhook-id} (the event id), so receivers can drop duplicates.
 * After a secret rotation both secrets sign until the endpoint's {@code previousSecretExpiresAt}
 * (see {@link EndpointSecrets}).
 *
 * <p>Configuration: {@value RetrySchedule#CONFIG_NAME} (default {@value RetrySchedule#DEFAULT}) and the
 * scheduler's settings (see {@link WebhookScheduler}); {@value EndpointLimits#MAX_IN_FLIGHT_CONFIG}
 * (default {@value EndpointLimits#DEFAULT_MAX_IN_FLIGHT}) and {@value EndpointLimits#RATE_CONFIG} (default
 * {@value EndpointLimits#DEFAULT_RATE_PER_SECOND}), each endpoint's load unless it sets its own;
 * {@value AttemptSender#MAX_IN_FLIGHT_CONFIG} (default {@value AttemptSender#DEFAULT_MAX_IN_FLIGHT}), the
 * attempts one sender keeps open; {@value AddressPolicy#ALLOW_PRIVATE} and {@value AddressPolicy#REQUIRE_HTTPS},
 * which decide which endpoint addresses may be reached (see {@link AddressPolicy}).
 */
public final class CallbackEmitter implements AutoCloseable {

    public static final String COMPONENT = "callback-emitter";

    private static final Logger LOG = LoggerFactory.getLogger(CallbackEmitter.class);
    private static final Duration ENDPOINTS_CATCH_UP = Duration.ofSeconds(30);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private final Config config;
    private final KafkaClients clients;
    private final KycTopics topics;
    private final RetrySchedule schedule;
    private final EndpointLimits limits;
    private final AddressPolicy addressPolicy;
    private final MeterRegistry registry;

    private boolean started;
    private boolean closed;
    private ScheduledExecutorService attempts;
    private WebhookSender sender;
    private Producer<byte[], byte[]> producer;
    private EndpointTable endpoints;
    private EndpointTableReader endpointReader;
    private WebhookScheduler scheduler;
    private AttemptSender attemptSender;
    private ReplayJobs replays;
    private Thread endpointThread;
    private Thread senderThread;
    private Thread replayThread;
    private KafkaMeters kafkaMeters;

    /** An emitter whose metrics stay in memory, for when nothing publishes them. */
    public CallbackEmitter(final Config config, final KafkaClients clients, final KycTopics topics) {
        this(config, clients, topics, new SimpleMeterRegistry());
    }

    /** @param registry where the webhook metrics ({@link WebhookMeters}) and the Kafka clients' metrics go */
    public CallbackEmitter(final Config config, final KafkaClients clients, final KycTopics topics, final MeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config cannot be null");
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        this.clients = Objects.requireNonNull(clients, "clients cannot be null");
        this.topics = Objects.requireNonNull(topics, "topics cannot be null");
        // A schedule that does not parse must stop the start, not the scheduler later.
        this.schedule = RetrySchedule.from(config);
        this.limits = EndpointLimits.from(config);
        this.addressPolicy = AddressPolicy.from(config);
    }

    /**
     * Starts reading the endpoint table and the sender at once, then waits (at most 30 s) for the
     * table to catch up before it starts the scheduler and the replay jobs.
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the callback emitter was started already");
        }
        started = true;
        attempts = Executors.newSingleThreadScheduledExecutor(daemons("callback-emitter-attempts"));
        sender = WebhookSender.create(addressPolicy, Clock.systemUTC());
        kafkaMeters = new KafkaMeters(registry, COMPONENT);
        producer = kafkaMeters.producer(new KafkaProducer<>(clients.producer(COMPONENT), new ByteArraySerializer(), new ByteArraySerializer()));

        endpoints = new EndpointTable();
        endpointReader = new EndpointTableReader(kafkaMeters.consumer(
                new KafkaConsumer<>(clients.consumer(null, COMPONENT + "-endpoints"), new ByteArrayDeserializer(), new ByteArrayDeserializer())),
                topics.webhookEndpoints(), endpoints);
        endpointThread = thread(endpointReader, COMPONENT + "-endpoints");
        endpointThread.start();

        attemptSender = new AttemptSender(kafkaMeters.consumer(
                new KafkaConsumer<>(AttemptSender.consumerConfig(config, clients, COMPONENT + "-sender"), new ByteArrayDeserializer(), new ByteArrayDeserializer())),
                producer, topics, endpoints, sender, limits, attempts, Clock.systemUTC(), AttemptSender.maxInFlight(config),
                new WebhookMeters(registry, Clock.systemUTC()));
        senderThread = thread(attemptSender, COMPONENT + "-sender");
        senderThread.start();

        awaitEndpoints();
        scheduler = new WebhookScheduler(config, clients, topics, endpoints, kafkaMeters);
        scheduler.start();
        replays = new ReplayJobs(clients, topics, endpoints, producer, new DeadLetters(COMPONENT, topics, producer));
        replayThread = thread(replays, COMPONENT + "-replays");
        replayThread.start();
        LOG.info("Callback emitter started; retry schedule {}", schedule.delays());
    }

    private void awaitEndpoints() {
        try {
            if (!endpoints.awaitCaughtUp(ENDPOINTS_CATCH_UP)) {
                LOG.warn("The webhook endpoint table did not catch up within {}; scheduling with the endpoints known so far", ENDPOINTS_CATCH_UP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The endpoints as this emitter currently sees them; lets tests wait for a change to arrive. */
    synchronized EndpointTable endpoints() {
        if (!started) {
            throw new IllegalStateException("the callback emitter has not started");
        }
        return endpoints;
    }

    /** Started, not closed, and every part alive. */
    public synchronized boolean isRunning() {
        return started && !closed && endpointThread.isAlive() && senderThread.isAlive() && replayThread.isAlive()
                && scheduler.isAlive();
    }

    /** Running, and the scheduler is processing (not starting up or rebalancing). */
    public synchronized boolean isReady() {
        return isRunning() && scheduler.state() == KafkaStreams.State.RUNNING;
    }

    /** Why the emitter is not ready, one reason per part; empty when it is ({@link #isReady()}). */
    public synchronized List<String> notReadyBecause() {
        final List<String> reasons = new ArrayList<>();
        if (!started || closed) {
            reasons.add(closed ? "the callback emitter is stopped" : "the callback emitter has not started");
            return reasons;
        }
        aliveOrSay(endpointThread, "the webhook endpoint table reader", reasons);
        aliveOrSay(senderThread, "the webhook sender", reasons);
        aliveOrSay(replayThread, "the webhook replay jobs", reasons);
        if (scheduler.state() != KafkaStreams.State.RUNNING) {
            reasons.add("the webhook scheduler's streams are " + scheduler.state());
        }
        return reasons;
    }

    private static void aliveOrSay(final Thread thread, final String part, final List<String> reasons) {
        if (thread == null || !thread.isAlive()) {
            reasons.add(part + " has stopped");
        }
    }

    /** Stops every part (committing what was done) and closes the clients. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        if (replays != null) {
            replays.stop();
            join(replayThread);
        }
        if (scheduler != null) {
            scheduler.close();
        }
        attemptSender.stop();
        join(senderThread);
        endpointReader.stop();
        join(endpointThread);
        attempts.shutdownNow();
        producer.close(Duration.ofSeconds(10));
        kafkaMeters.close();
        sender.close();
        LOG.info("Callback emitter stopped");
    }

    private static Thread thread(final Runnable loop, final String name) {
        final Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("{} stopped", t.getName(), e));
        return thread;
    }

    private static void join(final Thread thread) {
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within {}", thread.getName(), JOIN_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(final String name) {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
