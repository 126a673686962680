package org.kycorchestrator.workers;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.DeadLetters;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KafkaMeters;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.OffsetTracker;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.schemas.providers.VendorHealth;
import org.kycorchestrator.workers.accounts.VendorAccounts;
import org.kycorchestrator.workers.resilience.VendorGuards;
import org.kycorchestrator.workers.vendors.VendorAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code kyc.provider-requests}, calls the vendors, and writes what they said to
 * {@code kyc.provider-results}. Delivery is at least once: an offset is committed only after the
 * request's result is acknowledged by Kafka, so a crash repeats requests but never loses one.
 *
 * <p>The consumer thread never waits for a vendor. Requests run asynchronously, one customer's in
 * order and different customers' at once, each vendor within its own bulkhead; results are
 * published as they come, and offsets move only past records that are all done
 * ({@link OffsetTracker}). A slow vendor therefore holds only its own requests. When too many are
 * in flight, the worker stops fetching until some finish.
 */
public final class ProviderWorkers implements AutoCloseable {

    public static final String COMPONENT = "provider-workers";
    /** Requests a vendor never served, after every retry. */
    public static final String DEAD_LETTERS = "provider-requests";
    private static final Logger LOG = LoggerFactory.getLogger(ProviderWorkers.class);

    private final KycTopics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final RequestDispatcher dispatcher;
    private final DeadLetters unreadable;
    private final DeadLetters unserved;
    private final ScheduledExecutorService scheduler;
    private final int maxInFlight;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Queue<Done> done = new ConcurrentLinkedQueue<>();
    private final Map<String, CompletableFuture<?>> lastByCustomer = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread thread;
    private final KafkaMeters kafkaMeters;
    private volatile boolean running;

    private record Done(TopicPartition partition, long offset) {
    }

    /** Workers whose metrics stay in memory, for when nothing publishes them, calling every vendor with the deployment's account. */
    public ProviderWorkers(final Config config, final KafkaClients clients, final KycTopics topics, final List<VendorAdapter> adapters) {
        this(config, clients, topics, VendorAccounts.deploymentOnly(adapters), new SimpleMeterRegistry());
    }

    /** Workers calling every vendor with the deployment's account. */
    public ProviderWorkers(final Config config, final KafkaClients clients, final KycTopics topics, final List<VendorAdapter> adapters,
                           final MeterRegistry registry) {
        this(config, clients, topics, VendorAccounts.deploymentOnly(adapters), registry);
    }

    /**
     * @param accounts which vendor account serves each tenant ({@link VendorAccounts#fromConfig})
     * @param registry where the vendor metrics ({@link VendorMeters}, {@link VendorGuards}) and the Kafka clients' metrics go
     */
    public ProviderWorkers(final Config config, final KafkaClients clients, final KycTopics topics, final VendorAccounts accounts,
                           final MeterRegistry registry) {
        this.topics = Objects.requireNonNull(topics, "topics cannot be null");
        this.kafkaMeters = new KafkaMeters(registry, COMPONENT);
        this.consumer = kafkaMeters.consumer(new KafkaConsumer<>(
                clients.consumer(config.get("KYC_WORKERS_GROUP_ID", "kyc-provider-workers"), COMPONENT),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        this.producer = kafkaMeters.producer(new KafkaProducer<>(clients.producer(COMPONENT), new ByteArraySerializer(), new ByteArraySerializer()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "provider-workers-retry"));
        // One breaker, bulkhead and retry budget per vendor, whichever account a call uses: see VendorGuards.
        final VendorGuards guards = new VendorGuards(config, scheduler, registry);
        // Ingress routes new cases to a fallback vendor while a circuit is open, so it must hear of it.
        guards.onCircuitChange(this::reportCircuit);
        this.dispatcher = new RequestDispatcher(accounts, guards, Clock.systemUTC(), new VendorMeters(registry));
        this.unreadable = new DeadLetters(COMPONENT, topics, producer);
        this.unserved = new DeadLetters(DEAD_LETTERS, topics, producer);
        this.maxInFlight = config.getInt("KYC_WORKERS_MAX_IN_FLIGHT", 1000);
        this.thread = new Thread(this::run, "provider-workers");
    }

    /** The deployment's adapters of every vendor whose URL and credentials are configured. */
    public static List<VendorAdapter> adaptersFrom(final Config config, final HttpClient http) {
        return VendorAccounts.fromConfig(config, http, Optional.empty()).deploymentAdapters();
    }

    public static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public void start() {
        consumer.subscribe(List.of(topics.providerRequests().name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
                commitFinished();
                partitions.forEach(offsets::forget);
            }

            @Override
            public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
                // Nothing to prepare: offsets start where the group left them.
            }
        });
        running = true;
        thread.start();
    }

    public boolean isRunning() {
        return running && thread.isAlive();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    start(record);
                }
                commitFinished();
                throttle();
            }
            commitFinished();
        } catch (WakeupException e) {
            // close() woke the consumer up to stop.
        } catch (RuntimeException e) {
            LOG.error("The provider worker stopped on an unexpected error", e);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void start(final ConsumerRecord<byte[], byte[]> record) {
        final TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.started(partition, record.offset());
        final ProviderRequest request;
        try {
            request = topics.providerRequests().valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            unreadable.send(record, "unreadable provider request: " + e.getMessage());
            offsets.finished(partition, record.offset());
            return;
        }
        final String customer = request.getCustomerId();
        final CompletableFuture<?> previous = lastByCustomer.getOrDefault(customer, CompletableFuture.completedFuture(null));
        final CompletableFuture<Void> handled = previous.handle((ignored, failure) -> null)
                .thenCompose(ignored -> dispatcher.dispatch(request))
                .thenCompose(dispatched -> publish(record, dispatched))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        // Not committed: the request is read again after a restart or rebalance.
                        LOG.error("Cannot publish the result of request {}; it stays uncommitted", request.getRequestId(), failure);
                    } else {
                        done.add(new Done(partition, record.offset()));
                    }
                });
        lastByCustomer.put(customer, handled);
        handled.whenComplete((ignored, failure) -> lastByCustomer.remove(customer, handled));
    }

    private CompletableFuture<Void> publish(final ConsumerRecord<byte[], byte[]> record, final RequestDispatcher.Dispatched dispatched) {
        final ProviderResult result = dispatched.result();
        LOG.debug("Vendor {} answered request {} of customer {} with {}", result.getVendor(), result.getRequestId(),
                result.getCustomerId(), result.getPayload().getClass().getSimpleName());
        if (dispatched.deadLetterReason() != null) {
            unserved.send(record, dispatched.deadLetterReason());
        }
        final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topics.providerResults().name(), record.key(),
                topics.providerResults().valueSerde().serializer().serialize(topics.providerResults().name(), result)), (meta, error) -> {
                    if (error == null) {
                        acknowledged.complete(null);
                    } else {
                        acknowledged.completeExceptionally(error);
                    }
                });
        return acknowledged;
    }

    private void reportCircuit(final Vendor vendor, final io.github.resilience4j.circuitbreaker.CircuitBreaker.State state) {
        LOG.warn("The circuit of {} is now {}", vendor, state);
        final VendorHealth health = new VendorHealth(vendor, state.name(), COMPONENT + "@" + ProcessHandle.current().pid(), Clock.systemUTC().instant());
        producer.send(new ProducerRecord<>(topics.vendorHealth().name(), vendor.name().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                topics.vendorHealth().valueSerde().serializer().serialize(topics.vendorHealth().name(), health)));
    }

    private void commitFinished() {
        for (Done finished = done.poll(); finished != null; finished = done.poll()) {
            offsets.finished(finished.partition(), finished.offset());
        }
        final Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable();
        if (!committable.isEmpty()) {
            consumer.commitSync(committable);
        }
    }

    /** Stops fetching while too many requests are open, so memory stays bounded during an outage. */
    private void throttle() {
        final Set<TopicPartition> assigned = consumer.assignment();
        if (offsets.inFlight() >= maxInFlight) {
            consumer.pause(assigned);
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        producer.close(Duration.ofSeconds(5));
        kafkaMeters.close();
    }
}
