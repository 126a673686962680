package org.kycorchestrator.ingress.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 */
public final class Publisher implements AutoCloseable {

    private static final Duration GUARD_MARGIN = Duration.ofMillis(500);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    public Publisher(final KafkaClients clients, final Duration timeout) {
        this.producer = new KafkaProducer<>(settings(clients, timeout), new ByteArraySerializer(), new ByteArraySerializer());
        this.timeout = timeout;
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
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.complete(metadata);
                } else {
                    acknowledged.completeExceptionally(unavailable());
                }
            });
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
    }
}
