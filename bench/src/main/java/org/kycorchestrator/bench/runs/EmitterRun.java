package org.kycorchestrator.bench.runs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kycorchestrator.bench.Measurement;
import org.kycorchestrator.bench.Run;
import org.kycorchestrator.bench.http.Receiver;
import org.kycorchestrator.bench.kafka.BenchBroker;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.emitter.CallbackEmitter;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * The callback emitter, every part of it (scheduler, sender, endpoint table), on the embedded broker,
 * delivering to a receiver in this process. Two figures per repetition:
 * <ol>
 *   <li>deliveries/s: status events of many customers are loaded into {@code kyc.status} first, spread
 *       over four tenants with one endpoint each at the API's highest allowed limits (1,000/s, 100 in
 *       flight); the clock runs from the emitter being ready to the last delivery's arrival;</li>
 *   <li>the healthy endpoint's latency, from publishing a status event to its arrival, while another
 *       endpoint of the same tenant holds every request it gets without answering, at a steady rate.</li>
 * </ol>
 */
public final class EmitterRun implements Run {

    private static final int TENANTS = 4;
    private static final int MAX_IN_FLIGHT = 100;
    private static final int RATE_PER_SECOND = 1_000;
    private static final String HANG_TENANT = "bench-hang";

    private final Path workDir;
    private final int deliveries;
    private final int hangRate;
    private final KycTopics topics = new KycTopics(new InMemorySchemaRegistryClient());
    private Receiver receiver;

    public EmitterRun(final Path workDir, final int deliveries, final int hangRate) {
        this.workDir = workDir;
        this.deliveries = deliveries;
        this.hangRate = hangRate;
    }

    @Override
    public String name() {
        return "emitter";
    }

    @Override
    public String measures() {
        return "deliveries/s of " + deliveries + " preloaded status events to 4 endpoints (1,000/s, 100 in flight each) of a local "
                + "receiver; then the healthy endpoint's publish-to-arrival latency while another endpoint of its tenant hangs, at "
                + hangRate + " events/s";
    }

    @Override
    public void setUp() {
        receiver = new Receiver();
        receiver.hang("hanging");
    }

    @Override
    public Measurement measure(final Duration duration) throws Exception {
        try (BenchBroker broker = BenchBroker.start(workDir);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clients().producer("bench-emitter"),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int t = 0; t < TENANTS; t++) {
                register(producer, endpoint("bench-tenant-" + t, "throughput-" + t));
            }
            register(producer, endpoint(HANG_TENANT, "hanging"));
            register(producer, endpoint(HANG_TENANT, "healthy"));
            final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Preload.records(broker, TopicNames.STATUS, deliveries, i -> status(event("bench-tenant-" + (i % TENANTS), now)));

            final AtomicLong delivered = new AtomicLong();
            final Map<String, Long> published = new ConcurrentHashMap<>();
            final Histogram healthy = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
            final AtomicLong healthyArrivals = new AtomicLong();
            receiver.onArrival(arrival -> {
                if (arrival.path().startsWith("throughput-")) {
                    delivered.incrementAndGet();
                } else if (arrival.path().equals("healthy")) {
                    final Long sent = published.remove(arrival.webhookId());
                    if (sent != null) {
                        healthy.recordValue(Math.min((arrival.nanoTime() - sent) / 1000, healthy.getHighestTrackableValue()));
                        healthyArrivals.incrementAndGet();
                    }
                }
            });
            final Config config = Config.of(Map.of("KYC_DATA_DIR", broker.dir().toString(), "KYC_WEBHOOK_ALLOW_PRIVATE", "true",
                    "KYC_WEBHOOK_RETRY_SCHEDULE", "0s,1s,5s,30s"));
            try (CallbackEmitter emitter = new CallbackEmitter(config, broker.clients(), topics)) {
                emitter.start();
                final long start = BenchBroker.nanosUntil(emitter::isReady, Duration.ofMinutes(1), "ready");
                final long end = BenchBroker.nanosUntil(() -> delivered.get() >= deliveries, Duration.ofMinutes(5), "delivered");
                final double seconds = (end - start) / 1e9;

                final long hangStart = System.nanoTime();
                long sentCount = 0;
                while (System.nanoTime() - hangStart < duration.toNanos()) {
                    final KycStatusEvent event = event(HANG_TENANT, Instant.now().truncatedTo(ChronoUnit.MILLIS));
                    published.put(event.getEventId(), System.nanoTime());
                    producer.send(status(event));
                    sentCount++;
                    final long due = hangStart + sentCount * 1_000_000_000L / hangRate;
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                }
                final long expected = sentCount;
                BenchBroker.nanosUntil(() -> healthyArrivals.get() >= expected, Duration.ofSeconds(60), "delivered to the healthy endpoint");
                return new Measurement()
                        .add("throughput", "deliveries/s", deliveries / seconds)
                        .add("time", "s", seconds)
                        .add("healthy p50 while one hangs", "ms", healthy.getValueAtPercentile(50) / 1000.0)
                        .add("healthy p99 while one hangs", "ms", healthy.getValueAtPercentile(99) / 1000.0);
            }
        }
    }

    private WebhookEndpoint endpoint(final String tenant, final String path) {
        return WebhookEndpoint.newBuilder()
                .setId("bench-endpoint-" + path)
                .setTenantId(tenant)
                .setUrl(receiver.url(path))
                .setEventTypes(List.of("*"))
                .setSecret("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]))
                .setEnabled(true)
                .setMaxInFlight(MAX_IN_FLIGHT)
                .setRatePerSecond(RATE_PER_SECOND)
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private void register(final KafkaProducer<byte[], byte[]> producer, final WebhookEndpoint endpoint) throws Exception {
        producer.send(new ProducerRecord<>(TopicNames.WEBHOOK_ENDPOINTS, endpoint.getId().getBytes(StandardCharsets.UTF_8),
                topics.webhookEndpoints().valueSerde().serializer().serialize(TopicNames.WEBHOOK_ENDPOINTS, endpoint))).get();
    }

    private ProducerRecord<byte[], byte[]> status(final KycStatusEvent event) {
        return new ProducerRecord<>(TopicNames.STATUS, event.getCustomerId().getBytes(StandardCharsets.UTF_8),
                topics.status().valueSerde().serializer().serialize(TopicNames.STATUS, event));
    }

    private static KycStatusEvent event(final String tenant, final Instant at) {
        return KycStatusEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setType("kyc.created")
                .setTenantId(tenant)
                .setCustomerId(UUID.randomUUID().toString())
                .setSequence(1)
                .setFrom(null)
                .setTo(KycState.CREATED)
                .setReasonCodes(List.of())
                .setVendor(Vendor.XGATEWAY)
                .setVendorStatus("CREATED")
                .setOccurredAt(at)
                .build();
    }

    @Override
    public void close() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
