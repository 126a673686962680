package org.kycorchestrator.ingress.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KafkaMeters;
import org.kycorchestrator.kafka.Topic;

/**
 * Publishes for the API and answers only once Kafka has the record ({@code acks=all}, idempotent).
 * When Kafka does not confirm within {@code timeout}, the caller gets a 503 with Retry-After rather
 * than a hung request or a success that was not one.
 *
 * <p>Acknowledgements are handed to threads of the publisher's own ({@value #ACKNOWLEDGING_THREAD}-n),
 * never run on the producer's single I/O thread: what callers chain on them (writing the HTTP answer,
 * the access log, the metrics) would otherwise run there, and the producer would send nothing else
 * meanwhile. A profile of the API under load showed that thread spending three quarters of its time
 * answering HTTP requests (docs/benchmarks.md).
 */
public final class Publisher implements AutoCloseable {

    static final String ACKNOWLEDGING_THREAD = "ingress-api-acknowledgements";
    private static final Duration GUARD_MARGIN = Duration.ofMillis(500);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;
    private final ExecutorService acknowledging;

    public Publisher(final KafkaClients clients, final Duration timeout) {
        this.producer = new KafkaProducer<>(settings(clients, timeout), new ByteArraySerializer(), new ByteArraySerializer());
        this.timeout = timeout;
        this.acknowledging = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), daemons());
    }

    private static ThreadFactory daemons() {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, ACKNOWLEDGING_THREAD + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The shared durable settings ({@code acks=all}, idempotent), with every wait of the producer
     * bounded: a third of {@code timeout} for metadata, then {@code timeout} for the delivery, after
     * which the producer gives the record up and says so. The caller is answered by that verdict,
     * so a 503 means the record will not be written later behind its back (unless it reached the
     * broker and only the acknowledgement was lost, which a retry with the same Idempotency-Key
     * makes harmless).
     */
    static Map<String, Object> settings(final KafkaClients clients, final Duration timeout) {
        final int millis = (int) Math.max(2, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        final int linger = 1;
        final Map<String, Object> props = clients.producer("ingress-api");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock(timeout));
        props.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        // The producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis - linger);
        return props;
    }

    private static int maxBlock(final Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis() / 3));
    }

    /** Completes when Kafka acknowledged the record; fails with a 503 {@link ApiError} otherwise. */
    public <V> CompletableFuture<Void> publish(final Topic<V> topic, final String key, final V value) {
        final byte[] bytes;
        try {
            bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(registryUnavailable());
        }
        return send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8), bytes)).thenApply(written -> null);
    }

    /**
     * Like {@link #publish}, answering where Kafka put the record, so that a reader of the topic
     * can tell when it has read it.
     */
    public <V> CompletableFuture<RecordMetadata> write(final Topic<V> topic, final String key, final V value) {
        final byte[] bytes;
        try {
            bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(registryUnavailable());
        }
        return send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8), bytes));
    }

    /** How long Kafka has to acknowledge one write. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Writes the record once to each of the topic's partitions, by explicit partition number, for a
     * message every partition's reader must see. Completes when Kafka acknowledged all of them. It
     * may wait up to the timeout for the topic's metadata, so it must not be called from a producer
     * callback.
     */
    public <V> CompletableFuture<Void> publishToEveryPartition(final Topic<V> topic, final String key, final V value) {
        final byte[] bytes;
        try {
            bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(registryUnavailable());
        }
        final List<PartitionInfo> partitions;
        try {
            partitions = producer.partitionsFor(topic.name());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable());
        }
        if (partitions == null || partitions.isEmpty()) {
            return CompletableFuture.failedFuture(unavailable());
        }
        final byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        return CompletableFuture.allOf(partitions.stream()
                .map(p -> send(new ProducerRecord<>(topic.name(), p.partition(), keyBytes, bytes)))
                .toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<RecordMetadata> send(final ProducerRecord<byte[], byte[]> record) {
        final CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        final long started = System.nanoTime();
        try {
            producer.send(record, (metadata, error) -> handOver(() -> {
                if (error == null) {
                    acknowledged.complete(metadata);
                } else {
                    acknowledged.completeExceptionally(unavailable());
                }
            }));
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(unavailable());
        }
        // The producer's own verdict comes within the delivery timeout; this only guards against one
        // that never comes, and leaves the producer time to give the record up first.
        final long guard = maxBlock(timeout) + timeout.toMillis() + GUARD_MARGIN.toMillis();
        final long left = Math.max(1, guard - Duration.ofNanos(System.nanoTime() - started).toMillis());
        return acknowledged.orTimeout(left, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unwrap(e) instanceof ApiError api ? api : unavailable()));
    }

    /** Runs a completion on the publisher's own threads; once they are stopped (at close), where it is. */
    private void handOver(final Runnable completion) {
        try {
            acknowledging.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    private static Throwable unwrap(final Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static ApiError registryUnavailable() {
        return ApiError.serviceUnavailable("the schema registry is unavailable; try again");
    }

    private static ApiError unavailable() {
        return ApiError.serviceUnavailable("Kafka did not acknowledge the request in time; try again (with the same Idempotency-Key, a retry is always safe)");
    }

    /** Publishes the producer's own metrics. */
    public void publishMetricsTo(final KafkaMeters meters) {
        meters.producer(producer);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        // the producer's last verdicts were handed over while it closed: they still reach their callers
        acknowledging.shutdown();
        try {
            acknowledging.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
