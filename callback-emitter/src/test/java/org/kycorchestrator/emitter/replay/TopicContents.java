package org.kycorchestrator.emitter.replay;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Everything a topic holds right now, read without a consumer group, in each partition's order. */
final class TopicContents {

    private TopicContents() {
    }

    /** The records keyed by one of {@code keys}. */
    static List<ConsumerRecord<byte[], byte[]>> keyedBy(final String bootstrapServers, final String topic, final Collection<String> keys) {
        return read(bootstrapServers, topic).stream()
                .filter(r -> r.key() != null && keys.contains(new String(r.key(), StandardCharsets.UTF_8)))
                .toList();
    }

    static List<ConsumerRecord<byte[], byte[]>> read(final String bootstrapServers, final String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            return records;
        }
    }
}
