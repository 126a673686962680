package org.kycorchestrator.emitter;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic from its beginning, without a consumer group, and waits for records in it. */
public final class TopicRecords implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

    public TopicRecords(final String bootstrapServers, final String topic) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits until {@code count} records keyed {@code key} arrived, and returns them in offset order. */
    public List<ConsumerRecord<byte[], byte[]>> awaitKeyed(final String key, final int count) {
        final Predicate<ConsumerRecord<byte[], byte[]>> keyed =
                r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return seen.stream().filter(keyed).count() >= count;
        });
        return seen.stream().filter(keyed).toList();
    }

    /** Waits until a record like this arrived, and returns the first one. */
    public ConsumerRecord<byte[], byte[]> awaitFirst(final Predicate<ConsumerRecord<byte[], byte[]>> wanted) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return seen.stream().anyMatch(wanted);
        });
        return seen.stream().filter(wanted).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
