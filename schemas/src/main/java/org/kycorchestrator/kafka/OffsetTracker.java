package org.kycorchestrator.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Records processed asynchronously finish out of order (one vendor or endpoint is slower than
 * another), but a partition's offset may only move past records that are all done. This keeps, per
 * partition, which offsets are still open and says how far each partition may be committed. Used
 * by the consumer thread only.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, TreeMap<Long, Boolean>> open = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    public void started(final TopicPartition partition, final long offset) {
        open.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, Boolean.FALSE);
    }

    public void finished(final TopicPartition partition, final long offset) {
        final TreeMap<Long, Boolean> offsets = open.get(partition);
        if (offsets != null && offsets.containsKey(offset)) {
            offsets.put(offset, Boolean.TRUE);
        }
    }

    /** Records started and not finished yet, in every partition. */
    public int inFlight() {
        return open.values().stream().mapToInt(m -> (int) m.values().stream().filter(done -> !done).count()).sum();
    }

    /** The offsets to commit now: past every finished record that has no open record before it. */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        open.forEach((partition, records) -> {
            Long next = null;
            while (!records.isEmpty() && records.firstEntry().getValue()) {
                next = records.pollFirstEntry().getKey() + 1;
            }
            if (next != null && !next.equals(committed.get(partition))) {
                offsets.put(partition, new OffsetAndMetadata(next));
                committed.put(partition, next);
            }
        });
        return offsets;
    }

    /** A partition that moved to another worker: its open records are that worker's now. */
    public void forget(final TopicPartition partition) {
        open.remove(partition);
        committed.remove(partition);
    }
}
