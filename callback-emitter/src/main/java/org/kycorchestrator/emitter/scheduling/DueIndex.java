package org.kycorchestrator.emitter.scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kycorchestrator.schemas.webhooks.WebhookQueue;

/**
 * When each queue is due, in a persistent store ordered by time, so that retries and deadlines
 * survive restarts and move with their partition. Keys are
 * {@code <due epoch millis, 13 digits>|<queue key>}; a range scan up to now finds what is due.
 */
final class DueIndex {

    private final KeyValueStore<String, String> store;

    DueIndex(final KeyValueStore<String, String> store) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
    }

    /** Replaces the queue's due time before with the one it has after. */
    void reschedule(final String queueKey, final WebhookQueue before, final WebhookQueue after) {
        final Instant old = before == null ? null : before.getDueAt();
        final Instant now = after == null ? null : after.getDueAt();
        if (Objects.equals(old, now)) {
            return;
        }
        if (old != null) {
            store.delete(key(old, queueKey));
        }
        if (now != null) {
            store.put(key(now, queueKey), queueKey);
        }
    }

    /** The keys of the queues due at or before {@code now}, at most {@code limit}, earliest first. */
    List<String> due(final Instant now, final int limit) {
        final List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> range = store.range(millis(Instant.EPOCH), millis(now) + "~")) {
            while (range.hasNext() && due.size() < limit) {
                final KeyValue<String, String> entry = range.next();
                due.add(entry.value);
            }
        }
        return due;
    }

    private static String key(final Instant at, final String queueKey) {
        return millis(at) + "|" + queueKey;
    }

    private static String millis(final Instant at) {
        return String.format("%013d", Math.max(0, at.toEpochMilli()));
    }
}
