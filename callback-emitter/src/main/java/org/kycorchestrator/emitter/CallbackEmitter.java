package org.kycorchestrator.emitter;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.emitter.delivery.EndpointLimits;
import org.kycorchestrator.emitter.delivery.RetryingDelivery;
import org.kycorchestrator.emitter.delivery.RetrySchedule;
import org.kycorchestrator.emitter.delivery.WebhookSender;
import org.kycorchestrator.emitter.endpoints.EndpointSecrets;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.emitter.endpoints.EndpointTableReader;
import org.kycorchestrator.kafka.DeadLetters;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.webhooks.AddressPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every event of {@code kyc.status} to the merchant endpoints subscribed to it, as a
 * Standard Webhooks request: signed, in each customer's sequence order, retried, and dead-lettered
 * to {@code kyc.webhooks.dlq} when the retries run out. An endpoint answering 410 Gone is not
 * retried: the webhook is dead-lettered and the endpoint disabled on {@code kyc.webhook-endpoints}.
 *
 * <p>Two threads: one keeps the endpoint table from {@code kyc.webhook-endpoints}; the other reads
 * {@code kyc.status} in the consumer group {@value #GROUP_ID} and commits an event only once each of
 * its webhooks was delivered or dead-lettered. Delivery is at least once; the {@code webhook-id} (the
 * event id) lets receivers drop duplicates.
 *
 * <p>Known gaps of this first slice: retries live in memory and hold up their partition while they
 * wait (durable retry topics come next); replay is not here yet. After a secret rotation both secrets
 * sign until the endpoint's {@code previousSecretExpiresAt} (see {@link EndpointSecrets}).
 *
 * <p>Configuration: {@value RetrySchedule#CONFIG_NAME} (default {@value RetrySchedule#DEFAULT});
 * {@value EndpointLimits#MAX_IN_FLIGHT_CONFIG} (default {@value EndpointLimits#DEFAULT_MAX_IN_FLIGHT}) and
 * {@value EndpointLimits#RATE_CONFIG} (default {@value EndpointLimits#DEFAULT_RATE_PER_SECOND}), which
 * bound each endpoint's load (see {@link EndpointLimits});
 * {@value AddressPolicy#ALLOW_PRIVATE} and {@value AddressPolicy#REQUIRE_HTTPS}, which decide which
 * endpoint addresses may be reached (see {@link AddressPolicy}).
 */
public final class CallbackEmitter implements AutoCloseable {

    public static final String COMPONENT = "callback-emitter";
    public static final String GROUP_ID = "kyc-callback-emitter";

    private static final Logger LOG = LoggerFactory.getLogger(CallbackEmitter.class);
    private static final Duration ENDPOINTS_CATCH_UP = Duration.ofSeconds(10);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final KycTopics topics;
    private final RetrySchedule schedule;
    private final EndpointLimits limits;
    private final AddressPolicy addressPolicy;

    private boolean started;
    private boolean closed;
    private ScheduledExecutorService retries;
    private ExecutorService work;
    private WebhookSender sender;
    private Producer<byte[], byte[]> producer;
    private EndpointTable endpoints;
    private EndpointTableReader endpointReader;
    private StatusConsumerLoop statusLoop;
    private Thread endpointThread;
    private Thread statusThread;

    public CallbackEmitter(final Config config, final KafkaClients clients, final KycTopics topics) {
        Objects.requireNonNull(config, "config cannot be null");
        this.clients = Objects.requireNonNull(clients, "clients cannot be null");
        this.topics = Objects.requireNonNull(topics, "topics cannot be null");
        this.schedule = RetrySchedule.from(config);
        this.limits = EndpointLimits.from(config);
        this.addressPolicy = AddressPolicy.from(config);
    }

    /** Starts both threads and returns. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the callback emitter was started already");
        }
        started = true;
        retries = Executors.newSingleThreadScheduledExecutor(daemons("callback-emitter-retries"));
        work = Executors.newSingleThreadExecutor(daemons("callback-emitter-work"));
        sender = WebhookSender.create(addressPolicy, Clock.systemUTC());
        producer = new KafkaProducer<>(clients.producer(COMPONENT + "-dead-letters"), new ByteArraySerializer(), new ByteArraySerializer());

        endpoints = new EndpointTable();
        endpointReader = new EndpointTableReader(
                new KafkaConsumer<>(clients.consumer(null, COMPONENT + "-endpoints"), new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                topics.webhookEndpoints(), endpoints);
        final RetryingDelivery delivery = new RetryingDelivery(sender, schedule, limits, retries);
        final StatusEventHandler handler = new StatusEventHandler(endpoints, delivery,
                new DeadLetters(COMPONENT, topics, producer), new WebhookDeadLetters(COMPONENT, topics, producer),
                new EndpointDisabler(topics.webhookEndpoints(), endpoints, producer), Clock.systemUTC());
        statusLoop = new StatusConsumerLoop(
                new KafkaConsumer<>(statusConsumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                topics.status(), endpoints, ENDPOINTS_CATCH_UP, handler, work);

        endpointThread = thread(endpointReader, COMPONENT + "-endpoints");
        statusThread = thread(statusLoop, COMPONENT + "-status");
        endpointThread.start();
        statusThread.start();
        LOG.info("Callback emitter started; retry schedule {}", schedule.delays());
    }

    /** The endpoints as this emitter currently sees them; lets tests wait for a change to arrive. */
    synchronized EndpointTable endpoints() {
        if (!started) {
            throw new IllegalStateException("the callback emitter has not started");
        }
        return endpoints;
    }

    /** Started, not closed, and both threads alive. */
    public synchronized boolean isRunning() {
        return started && !closed && endpointThread.isAlive() && statusThread.isAlive();
    }

    /** Stops the threads (committing what was delivered) and closes the clients. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        statusLoop.stop();
        endpointReader.stop();
        join(statusThread);
        join(endpointThread);
        retries.shutdownNow();
        work.shutdownNow();
        producer.close(Duration.ofSeconds(10));
        sender.close();
        LOG.info("Callback emitter stopped");
    }

    private Map<String, Object> statusConsumerConfig() {
        final Map<String, Object> props = clients.consumer(GROUP_ID, COMPONENT + "-status");
        // Another instance joining must not take every partition away from work in progress.
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return props;
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
