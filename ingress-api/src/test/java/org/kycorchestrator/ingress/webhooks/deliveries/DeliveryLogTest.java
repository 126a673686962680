package org.kycorchestrator.ingress.webhooks.deliveries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;

/** The in-memory log's bound and bookkeeping, which the route tests cannot reach cheaply. */
class DeliveryLogTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void eachEndpointKeepsOnlyItsNewestAttemptsUpToTheLimit() {
        // given
        final DeliveryLog log = new DeliveryLog(3);

        // when: the attempts arrive out of order, as they do from several partitions
        for (int second : new int[] {4, 1, 5, 2, 3}) {
            log.record(attempt("ep_a", "a" + second, second));
        }
        log.record(attempt("ep_b", "b1", 1));

        // then
        assertThat(ids(log.page("ep_a", DeliveryQuery.all()))).containsExactly("a5", "a4", "a3");
        assertThat(ids(log.page("ep_b", DeliveryQuery.all()))).containsExactly("b1");
    }

    @Test
    void anAttemptOlderThanEveryKeptOneOfAFullLogIsNotKept() {
        // given
        final DeliveryLog log = new DeliveryLog(2);
        log.record(attempt("ep_a", "a5", 5));
        log.record(attempt("ep_a", "a6", 6));

        // when
        log.record(attempt("ep_a", "a1", 1));

        // then
        assertThat(ids(log.page("ep_a", DeliveryQuery.all()))).containsExactly("a6", "a5");
    }

    @Test
    void anAttemptReadTwiceIsListedOnce() {
        // given
        final DeliveryLog log = new DeliveryLog(10);

        // when
        log.record(attempt("ep_a", "a1", 1));
        log.record(attempt("ep_a", "a1", 1));

        // then
        assertThat(ids(log.page("ep_a", DeliveryQuery.all()))).containsExactly("a1");
    }

    @Test
    void anEndpointWithoutAttemptsHasOneEmptyLastPage() {
        final DeliveryPage page = new DeliveryLog(10).page("ep_none", DeliveryQuery.all());

        assertThat(page.attempts()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void readingWhileTheTopicIsBeingReadNeverFailsAndEndsAtTheLimit() throws Exception {
        // given
        final DeliveryLog log = new DeliveryLog(100);
        final ExecutorService threads = Executors.newFixedThreadPool(4);

        // when: two writers and two readers at once
        final List<Future<?>> work = new ArrayList<>();
        for (int writer = 0; writer < 2; writer++) {
            final int offset = writer * 1_000;
            work.add(threads.submit(() -> {
                for (int i = 0; i < 1_000; i++) {
                    log.record(attempt("ep_a", "a" + (offset + i), offset + i));
                }
            }));
        }
        for (int reader = 0; reader < 2; reader++) {
            work.add(threads.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    assertThat(log.page("ep_a", DeliveryQuery.all()).attempts()).hasSizeLessThanOrEqualTo(DeliveryQuery.DEFAULT_LIMIT);
                }
            }));
        }
        for (Future<?> done : work) {
            done.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();

        // then
        final DeliveryPage newest = log.page("ep_a", new DeliveryQuery(null, null, null, DeliveryQuery.MAX_LIMIT, null));
        assertThat(newest.attempts()).hasSize(100);
        assertThat(newest.attempts().get(0).getAttemptId()).isEqualTo("a1999");
        assertThat(newest.attempts().get(99).getAttemptId()).isEqualTo("a1900");
    }

    private static WebhookDelivery attempt(final String endpoint, final String attemptId, final int second) {
        return WebhookDelivery.newBuilder()
                .setAttemptId(attemptId)
                .setEndpointId(endpoint)
                .setTenantId("t")
                .setSubject("cust-1")
                .setMessageId("msg-" + attemptId)
                .setEventType("kyc.created")
                .setAttempt(1)
                .setAttemptedAt(T0.plusSeconds(second))
                .setOutcome(DeliveryOutcome.DELIVERED)
                .setLatencyMillis(1)
                .build();
    }

    private static List<String> ids(final DeliveryPage page) {
        return page.attempts().stream().map(WebhookDelivery::getAttemptId).toList();
    }
}
