package org.kycorchestrator.orchestrator.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kycorchestrator.orchestrator.cases.KycInput;
import org.kycorchestrator.schemas.cases.KycCase;

/**
 * The deadlines of every case, in a persistent store ordered by due time, so that they survive
 * restarts and move with their partition in a rebalance. Keys are
 * {@code <due epoch millis, 13 digits>|<timer>|<customer id>}: a range scan up to now finds what is due.
 */
final class CaseTimers {

    private final KeyValueStore<String, String> store;

    CaseTimers(final KeyValueStore<String, String> store) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
    }

    record Due(String customerId, KycInput.Timer timer) {
    }

    /** Replaces the deadlines the case had with those it has now. */
    void reschedule(final String customerId, final KycCase before, final KycCase after) {
        final Map<KycInput.Timer, Instant> old = deadlines(before);
        final Map<KycInput.Timer, Instant> now = deadlines(after);
        old.forEach((timer, at) -> {
            if (!at.equals(now.get(timer))) {
                store.delete(key(at, timer, customerId));
            }
        });
        now.forEach((timer, at) -> {
            if (!at.equals(old.get(timer))) {
                store.put(key(at, timer, customerId), customerId);
            }
        });
    }

    /** Removes and returns every timer due at or before {@code now}. */
    List<Due> takeDue(final Instant now) {
        final List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> range = store.range(key(Instant.EPOCH, null, ""), key(now, null, "") + "~")) {
            range.forEachRemaining(due::add);
        }
        final List<Due> fired = new ArrayList<>();
        for (KeyValue<String, String> entry : due) {
            store.delete(entry.key);
            final String[] parts = entry.key.split("\\|", 3);
            fired.add(new Due(entry.value, KycInput.Timer.valueOf(parts[1])));
        }
        return fired;
    }

    static Map<KycInput.Timer, Instant> deadlines(final KycCase kycCase) {
        final Map<KycInput.Timer, Instant> deadlines = new TreeMap<>();
        if (kycCase == null) {
            return deadlines;
        }
        if (kycCase.getLink() != null && !kycCase.getLinkExpired() && kycCase.getLink().getExpiresAt() != null) {
            deadlines.put(KycInput.Timer.LINK_EXPIRY, kycCase.getLink().getExpiresAt());
        }
        if (kycCase.getVerificationDeadline() != null) {
            deadlines.put(KycInput.Timer.VERIFICATION_TIMEOUT, kycCase.getVerificationDeadline());
        }
        return deadlines;
    }

    private static String key(final Instant at, final KycInput.Timer timer, final String customerId) {
        final String millis = String.format("%013d", Math.max(0, at.toEpochMilli()));
        return timer == null ? millis : millis + "|" + timer.name() + "|" + customerId;
    }
}
