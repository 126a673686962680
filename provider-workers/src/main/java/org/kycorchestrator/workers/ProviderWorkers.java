package org.kycorchestrator.workers;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.DeadLetters;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.workers.grid.GridAdapter;
import org.kycorchestrator.workers.vendors.VendorAdapter;
import org.kycorchestrator.workers.vendors.VendorCallException;
import org.kycorchestrator.workers.xgateway.XGatewayAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code kyc.provider-requests}, calls the vendors, and writes what they said to
 * {@code kyc.provider-results}. Delivery is at least once: a batch's offsets are committed only
 * after its results are acknowledged by Kafka, so a crash repeats requests but never loses one.
 * The requests of one customer run one after another, in order; different customers run at once.
 */
public final class ProviderWorkers implements AutoCloseable {

    public static final String COMPONENT = "provider-workers";
    private static final Logger LOG = LoggerFactory.getLogger(ProviderWorkers.class);

    private final KycTopics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final RequestDispatcher dispatcher;
    private final DeadLetters deadLetters;
    private final ScheduledExecutorService scheduler;
    private final Thread thread;
    private volatile boolean running;

    public ProviderWorkers(final Config config, final KafkaClients clients, final KycTopics topics, final List<VendorAdapter> adapters) {
        this.topics = Objects.requireNonNull(topics, "topics cannot be null");
        final Map<String, Object> consumerProps = clients.consumer(config.get("KYC_WORKERS_GROUP_ID", "kyc-provider-workers"), COMPONENT);
        // Starting a verification may take minutes at some vendors.
        consumerProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(15).toMillis());
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(clients.producer(COMPONENT), new ByteArraySerializer(), new ByteArraySerializer());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "provider-workers-retry"));
        final Map<Vendor, VendorAdapter> byVendor = adapters.stream().collect(Collectors.toMap(VendorAdapter::vendor, Function.identity()));
        this.dispatcher = new RequestDispatcher(byVendor, retry(config), scheduler, Clock.systemUTC());
        this.deadLetters = new DeadLetters(COMPONENT, topics, producer);
        this.thread = new Thread(this::run, "provider-workers");
    }

    /** The adapters of every vendor whose URL and credentials are configured. */
    public static List<VendorAdapter> adaptersFrom(final Config config, final HttpClient http) {
        final List<VendorAdapter> adapters = new ArrayList<>();
        config.find("KYC_PROVIDER_XGATEWAY_URL").ifPresent(url -> adapters.add(new XGatewayAdapter(http, url,
                config.require("KYC_PROVIDER_XGATEWAY_API_KEY"),
                config.getDuration("KYC_PROVIDER_CALL_TIMEOUT", Duration.ofSeconds(30)),
                config.getDuration("KYC_PROVIDER_XGATEWAY_VERIFICATION_TIMEOUT", Duration.ofMinutes(10)))));
        config.find("KYC_PROVIDER_GRID_URL").ifPresent(url -> adapters.add(new GridAdapter(http, url,
                config.require("KYC_PROVIDER_GRID_CLIENT_ID"), config.require("KYC_PROVIDER_GRID_CLIENT_SECRET"),
                config.getDuration("KYC_PROVIDER_CALL_TIMEOUT", Duration.ofSeconds(30)))));
        return adapters;
    }

    public static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static Retry retry(final Config config) {
        return Retry.of("vendor-calls", RetryConfig.custom()
                .maxAttempts(config.getInt("KYC_PROVIDER_MAX_ATTEMPTS", 4))
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        config.getDuration("KYC_PROVIDER_RETRY_BACKOFF", Duration.ofMillis(200)), 2.0, 0.2))
                .retryOnException(e -> e instanceof VendorCallException v && v.retryable())
                .build());
    }

    public void start() {
        consumer.subscribe(List.of(topics.providerRequests().name()));
        running = true;
        thread.start();
    }

    public boolean isRunning() {
        return running && thread.isAlive();
    }

    private void run() {
        try {
            while (running) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    handle(records);
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up to stop.
        } catch (RuntimeException e) {
            LOG.error("The provider worker stopped on an unexpected error", e);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(final ConsumerRecords<byte[], byte[]> records) {
        final Map<String, CompletableFuture<ProviderResult>> lastByCustomer = new HashMap<>();
        final List<Map.Entry<byte[], CompletableFuture<ProviderResult>>> pending = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            final ProviderRequest request;
            try {
                request = topics.providerRequests().valueSerde().deserializer().deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                deadLetters.send(record, "unreadable provider request: " + e.getMessage());
                continue;
            }
            final CompletableFuture<ProviderResult> previous = lastByCustomer.get(request.getCustomerId());
            final CompletableFuture<ProviderResult> result = previous == null ? dispatcher.dispatch(request)
                    : previous.handle((r, e) -> null).thenCompose(ignored -> dispatcher.dispatch(request));
            lastByCustomer.put(request.getCustomerId(), result);
            pending.add(Map.entry(record.key(), result));
        }
        final List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (Map.Entry<byte[], CompletableFuture<ProviderResult>> entry : pending) {
            final ProviderResult result = entry.getValue().join();
            LOG.debug("Vendor {} answered request {} of customer {} with {}", result.getVendor(), result.getRequestId(),
                    result.getCustomerId(), result.getPayload().getClass().getSimpleName());
            sends.add(producer.send(new ProducerRecord<>(topics.providerResults().name(), entry.getKey(),
                    topics.providerResults().valueSerde().serializer().serialize(topics.providerResults().name(), result))));
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing provider results", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot publish provider results", e.getCause());
            }
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
    }
}
