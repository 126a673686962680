package org.kycorchestrator.emitter.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one topic, every partition, from a time (or the beginning) up to the end offsets it had when
 * reading began. Records written while it reads belong to the live flow, not to the replay, so they
 * are left alone. Each partition's records are handed over in offset order; partitions interleave.
 *
 * <p>The consumer is assigned by hand, without a group; the caller owns it and closes it.
 */
final class TopicRange {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;

    TopicRange(final Consumer<byte[], byte[]> consumer, final String topic) {
        this.consumer = Objects.requireNonNull(consumer, "consumer cannot be null");
        this.topic = Objects.requireNonNull(topic, "topic cannot be null");
    }

    /**
     * Hands {@code action} every record stamped at or after {@code since} ({@code null}: every record).
     * Throws {@link CancellationException} as soon as {@code running} turns false.
     */
    void forEach(final Instant since, final BooleanSupplier running,
                 final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> action) {
        final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            return;
        }
        // Assigned before any offset is asked for: a read_committed consumer tracks the last stable
        // offset of its assigned partitions only.
        consumer.assign(partitions);
        final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        final Map<TopicPartition, Long> starts = starts(partitions, since, ends);
        partitions.forEach(p -> consumer.seek(p, starts.get(p)));
        final Set<TopicPartition> unfinished = new HashSet<>(partitions);
        finishedAmong(unfinished, ends);
        while (!unfinished.isEmpty()) {
            if (!running.getAsBoolean()) {
                throw new CancellationException("stopped while reading " + topic);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                final TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                // Offsets past the end belong to the live flow. Timestamps need not grow with offsets,
                // so a record before 'since' can follow the first one after it.
                if (record.offset() < ends.get(partition) && (since == null || record.timestamp() >= since.toEpochMilli())) {
                    action.accept(record);
                }
            }
            finishedAmong(unfinished, ends);
        }
    }

    private Map<TopicPartition, Long> starts(final List<TopicPartition> partitions, final Instant since,
                                             final Map<TopicPartition, Long> ends) {
        if (since == null) {
            return consumer.beginningOffsets(partitions);
        }
        final Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since.toEpochMilli()));
        final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
        final Map<TopicPartition, Long> starts = new HashMap<>();
        for (TopicPartition partition : partitions) {
            final OffsetAndTimestamp first = found.get(partition);
            // No record at or after 'since': nothing of this partition is replayed.
            starts.put(partition, first == null ? ends.get(partition) : first.offset());
        }
        return starts;
    }

    /** Takes the partitions read up to their end out of {@code unfinished}, and stops fetching them. */
    private void finishedAmong(final Set<TopicPartition> unfinished, final Map<TopicPartition, Long> ends) {
        final List<TopicPartition> finished = unfinished.stream().filter(p -> consumer.position(p) >= ends.get(p)).toList();
        finished.forEach(unfinished::remove);
        consumer.pause(finished);
    }
}
