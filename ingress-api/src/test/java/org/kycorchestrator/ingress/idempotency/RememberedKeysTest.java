package org.kycorchestrator.ingress.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.schemas.idempotency.IdempotencyRecord;
import org.kycorchestrator.schemas.idempotency.RememberedAnswer;

/** How the records of {@code kyc.idempotency-keys}, read in order, decide which request holds a key. */
class RememberedKeysTest {

    private static final Duration TTL = Duration.ofHours(24);
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final IdempotencyKey KEY = new IdempotencyKey("acme", "order-42");

    private final RememberedKeys keys = new RememberedKeys(TTL);

    @Test
    void theFirstRequestToUseAKeyHoldsIt() {
        // given request A reserved the key, then request B (an instance that lost a race) did too
        keys.apply(KEY.recordKey(), reservation("A", T0));
        keys.apply(KEY.recordKey(), reservation("B", T0.plusMillis(5)));

        // then the key is A's
        assertThat(keys.find(KEY, T0.plusSeconds(1))).hasValueSatisfying(r -> assertThat(r.getRequestHash()).isEqualTo("A"));
    }

    @Test
    void theFirstAnswerIsAddedAndNeverTakenAway() {
        // given A reserved the key and its answer was kept
        keys.apply(KEY.recordKey(), reservation("A", T0));
        keys.apply(KEY.recordKey(), answered("A", T0, 201));
        // when A's reservation is written again (by the loser of a race) and B tries
        keys.apply(KEY.recordKey(), reservation("A", T0));
        keys.apply(KEY.recordKey(), answered("B", T0.plusSeconds(2), 202));

        // then the key still holds A's first answer
        assertThat(keys.find(KEY, T0.plusSeconds(3))).hasValueSatisfying(r -> {
            assertThat(r.getRequestHash()).isEqualTo("A");
            assertThat(r.getAnswer().getStatus()).isEqualTo(201);
            assertThat(r.getFirstSeenAt()).isEqualTo(T0);
        });
    }

    @Test
    void aKeyIsForgottenAfterItsTimeToLiveAndMayThenBeUsedAgain() {
        keys.apply(KEY.recordKey(), answered("A", T0, 202));

        // then it is held just before its 24 h are over, and not from then on
        assertThat(keys.find(KEY, T0.plus(TTL).minusMillis(1))).isPresent();
        assertThat(keys.find(KEY, T0.plus(TTL))).isEmpty();

        // and once expired, another request takes it
        keys.apply(KEY.recordKey(), reservation("B", T0.plus(TTL)));
        assertThat(keys.find(KEY, T0.plus(TTL).plusSeconds(1))).hasValueSatisfying(r -> assertThat(r.getRequestHash()).isEqualTo("B"));
    }

    @Test
    void expiredKeysLeaveMemory() {
        keys.apply(KEY.recordKey(), reservation("A", T0));
        keys.apply(new IdempotencyKey("acme", "order-43").recordKey(), reservation("C", T0.plus(Duration.ofHours(12))));

        keys.forgetExpired(T0.plus(TTL).plusSeconds(1));

        assertThat(keys.size()).isEqualTo(1);
    }

    @Test
    void aTombstoneForgetsTheKey() {
        keys.apply(KEY.recordKey(), reservation("A", T0));

        keys.apply(KEY.recordKey(), null);

        assertThat(keys.find(KEY, T0)).isEmpty();
    }

    @Test
    void tenantsDoNotShareKeys() {
        keys.apply(KEY.recordKey(), reservation("A", T0));

        assertThat(keys.find(new IdempotencyKey("globex", "order-42"), T0)).isEmpty();
    }

    private static IdempotencyRecord reservation(final String hash, final Instant firstSeenAt) {
        return IdempotencyRecord.newBuilder().setTenantId(KEY.tenantId()).setIdempotencyKey(KEY.value()).setRequestHash(hash)
                .setCommandId(KEY.commandId(hash)).setFirstSeenAt(firstSeenAt).setAnswer(null).build();
    }

    private static IdempotencyRecord answered(final String hash, final Instant firstSeenAt, final int status) {
        return IdempotencyRecord.newBuilder(reservation(hash, firstSeenAt))
                .setAnswer(new RememberedAnswer(status, "{\"success\":true}", firstSeenAt.plusMillis(50))).build();
    }
}
