package org.kycorchestrator.app.eos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.kycorchestrator.kafka.KafkaClients;

/**
 * What a {@code read_committed} reader sees: a topic's committed records, and how far a consumer
 * group's committed offsets are behind them. Records of aborted transactions, such as those a
 * killed instance left open, are not part of it. {@link #written} tells whether anything at all is
 * still being written, so that a test reads the topics only once the system has gone quiet.
 */
final class CommittedView {

    private static final Duration READ_LIMIT = Duration.ofMinutes(1);

    private CommittedView() {
    }

    /** Every committed record of the topic, from the beginning up to its last stable offset now. */
    static <V> List<ConsumerRecord<String, V>> readAll(final KafkaClients clients, final String topic, final Deserializer<V> values) {
        return readAll(clients, topic, values, IsolationLevel.READ_COMMITTED);
    }

    /** With {@code READ_UNCOMMITTED}: every record ever written, aborted ones included; for contrast only. */
    static <V> List<ConsumerRecord<String, V>> readAll(final KafkaClients clients, final String topic, final Deserializer<V> values,
                                                       final IsolationLevel isolation) {
        final Map<String, Object> props = clients.consumer(null, "eos-verifier");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed the end offsets are the last stable offsets: no open transaction is waited for.
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final Instant deadline = Instant.now().plus(READ_LIMIT);
            final List<ConsumerRecord<String, V>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " up to " + end + " within " + READ_LIMIT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Committed records of the topics that the group has not yet committed having consumed. */
    static long lag(final Admin admin, final String groupId, final Collection<String> topics) {
        final Map<TopicPartition, Long> end = endOffsets(admin, topics, IsolationLevel.READ_COMMITTED);
        final Map<TopicPartition, OffsetAndMetadata> committed = call("the offsets of group " + groupId,
                () -> admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS));
        return end.entrySet().stream().mapToLong(e -> {
            final OffsetAndMetadata offset = committed.get(e.getKey());
            return e.getValue() - (offset == null ? 0 : offset.offset());
        }).sum();
    }

    /** How much has been written to the topics, committed or not: it moves whenever anything is written. */
    static long written(final Admin admin, final Collection<String> topics) {
        return endOffsets(admin, topics, IsolationLevel.READ_UNCOMMITTED).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Partitions of the topic that hold records of a transaction still open: their last stable offset
     * is behind where their end was a moment before. The end is read first, so a transaction that
     * commits in between is not counted.
     */
    static long partitionsInOpenTransactions(final Admin admin, final String topic) {
        final Map<TopicPartition, Long> end = endOffsets(admin, List.of(topic), IsolationLevel.READ_UNCOMMITTED);
        final Map<TopicPartition, Long> stable = endOffsets(admin, List.of(topic), IsolationLevel.READ_COMMITTED);
        return end.entrySet().stream().filter(e -> stable.get(e.getKey()) < e.getValue()).count();
    }

    private static Map<TopicPartition, Long> endOffsets(final Admin admin, final Collection<String> topics, final IsolationLevel isolation) {
        final List<TopicPartition> partitions = call("the partitions of " + topics,
                () -> admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS)).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        return call("the end offsets of " + topics, () -> admin.listOffsets(
                        partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())),
                        new ListOffsetsOptions(isolation))
                .all().get(10, TimeUnit.SECONDS)).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private interface AdminCall<T> {
        T get() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private static <T> T call(final String what, final AdminCall<T> call) {
        try {
            return call.get();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + what, e);
        }
    }
}
