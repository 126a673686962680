package org.kycorchestrator.ingress.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.kycorchestrator.schemas.idempotency.IdempotencyRecord;

/**
 * The table of Idempotency-Keys as {@code kyc.idempotency-keys} tells it, read in each partition's
 * order. A key belongs to the first request that used it, for {@code ttl} from then: a later record
 * of the key for another request (an instance that lost a race) changes nothing, and a record for
 * the same request only adds the first answer. Once {@code ttl} has passed the key is free again.
 */
final class RememberedKeys {

    private final Duration ttl;
    private final Map<String, IdempotencyRecord> byRecordKey = new ConcurrentHashMap<>();

    RememberedKeys(final Duration ttl) {
        this.ttl = Objects.requireNonNull(ttl, "ttl cannot be null");
    }

    /** Applies the next record of the topic; {@code null} is a tombstone. */
    void apply(final String recordKey, final IdempotencyRecord record) {
        if (recordKey == null) {
            return;
        }
        if (record == null) {
            byRecordKey.remove(recordKey);
            return;
        }
        byRecordKey.merge(recordKey, record, this::later);
    }

    private IdempotencyRecord later(final IdempotencyRecord known, final IdempotencyRecord next) {
        if (!isLive(known, next.getFirstSeenAt())) {
            return next;
        }
        if (!known.getRequestHash().equals(next.getRequestHash())) {
            return known;
        }
        return known.getAnswer() != null || next.getAnswer() == null ? known
                : IdempotencyRecord.newBuilder(known).setAnswer(next.getAnswer()).build();
    }

    /** The key's live record at {@code now}, if it has one. */
    Optional<IdempotencyRecord> find(final IdempotencyKey key, final Instant now) {
        return Optional.ofNullable(byRecordKey.get(key.recordKey())).filter(record -> isLive(record, now));
    }

    /** Drops what has expired, so memory holds only the keys of the last {@code ttl}. */
    void forgetExpired(final Instant now) {
        byRecordKey.values().removeIf(record -> !isLive(record, now));
    }

    int size() {
        return byRecordKey.size();
    }

    private boolean isLive(final IdempotencyRecord record, final Instant now) {
        return now.isBefore(record.getFirstSeenAt().plus(ttl));
    }
}
