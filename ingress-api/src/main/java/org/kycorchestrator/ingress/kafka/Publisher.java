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

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    public Publisher(final KafkaClients clients, final Duration timeout) {
        final Map<String, Object> props = clients.producer("ingress-api");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.timeout = timeout;
    }

    /** Completes when Kafka acknowledged the record; fails with a 503 {@link ApiError} otherwise. */
    public <V> CompletableFuture<Void> publish(final Topic<V> topic, final String key, final V value) {
        final byte[] bytes;
        try {
            bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(registryUnavailable());
        }
        return send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8), bytes));
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

    private CompletableFuture<Void> send(final ProducerRecord<byte[], byte[]> record) {
        final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(unavailable());
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(unavailable());
        }
        return acknowledged.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unwrap(e) instanceof ApiError api ? api : unavailable()));
    }

    private static Throwable unwrap(final Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static ApiError registryUnavailable() {
        return ApiError.serviceUnavailable("the schema registry is unavailable; try again");
    }

    private static ApiError unavailable() {
        return ApiError.serviceUnavailable("Kafka did not acknowledge the command; it was not accepted, try again");
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
