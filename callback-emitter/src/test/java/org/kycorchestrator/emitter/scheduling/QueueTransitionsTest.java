package org.kycorchestrator.emitter.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kycorchestrator.emitter.delivery.RetrySchedule;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.QueueHead;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;
import org.kycorchestrator.schemas.webhooks.WebhookQueue;

/**
 * The rules of one (endpoint, customer) queue. Each row: the queue before (head, attempts, message
 * count, due), the input and the endpoint's state; then the queue after (head, attempt number,
 * message count; "none" when it is gone), how many attempts are asked for and how many webhooks are
 * given up. The schedule has three attempts: 0 s, 5 s, 30 s.
 */
class QueueTransitionsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String ENDPOINT = "ep_1";
    private static final String CUSTOMER = "cust-1";
    private static final String CURRENT = "attempt-current";
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final Duration RECHECK = Duration.ofMinutes(1);

    private final QueueTransitions transitions = new QueueTransitions(RetrySchedule.parse("0s,5s,30s"), DEADLINE, RECHECK, new Random(7));

    enum In { ENQUEUE_NEW, ENQUEUE_SAME, DELIVERED, DELIVERED_STALE, FAILED, FAILED_STALE, FAILED_RETRY_AFTER_60S, GONE, DISABLED, DELETED, DUE, RELEASE }

    record Before(QueueHead head, int attempts, int messages, Instant dueAt) {
        static final Before NONE = null;
    }

    record After(String head, int attempt, int messages, int attemptsAsked, int givenUp) {
    }

    static Stream<Arguments> rows() {
        final Instant past = NOW.minusSeconds(1);
        final Instant future = NOW.plusSeconds(10);
        return Stream.of(
                row("a first webhook is sent at once", null, In.ENQUEUE_NEW, EndpointState.ENABLED, new After("SENDING", 1, 1, 1, 0)),
                row("a first webhook to a disabled endpoint is held", null, In.ENQUEUE_NEW, EndpointState.DISABLED, new After("HELD", 0, 1, 0, 0)),
                row("a later webhook waits behind the one being sent", new Before(QueueHead.SENDING, 1, 1, future), In.ENQUEUE_NEW, EndpointState.ENABLED, new After("SENDING", 1, 2, 0, 0)),
                row("a later webhook waits behind one waiting for a retry", new Before(QueueHead.WAITING, 2, 1, future), In.ENQUEUE_NEW, EndpointState.ENABLED, new After("WAITING", 2, 2, 0, 0)),
                row("a webhook already queued is not queued twice", new Before(QueueHead.SENDING, 1, 1, future), In.ENQUEUE_SAME, EndpointState.ENABLED, null),
                row("a 2xx ends the queue's last webhook", new Before(QueueHead.SENDING, 1, 1, future), In.DELIVERED, EndpointState.ENABLED, new After("none", 0, 0, 0, 0)),
                row("a 2xx starts the next webhook from its first attempt", new Before(QueueHead.SENDING, 2, 3, future), In.DELIVERED, EndpointState.ENABLED, new After("SENDING", 1, 2, 1, 0)),
                row("a 2xx of an older attempt still counts", new Before(QueueHead.SENDING, 2, 2, future), In.DELIVERED_STALE, EndpointState.ENABLED, new After("SENDING", 1, 1, 1, 0)),
                row("a failure waits for the next attempt", new Before(QueueHead.SENDING, 1, 2, future), In.FAILED, EndpointState.ENABLED, new After("WAITING", 1, 2, 0, 0)),
                row("a failure of an older attempt changes nothing", new Before(QueueHead.SENDING, 2, 1, future), In.FAILED_STALE, EndpointState.ENABLED, null),
                row("a failure of the last attempt gives the webhook up and starts the next", new Before(QueueHead.SENDING, 3, 2, future), In.FAILED, EndpointState.ENABLED, new After("SENDING", 1, 1, 1, 1)),
                row("a failure of the last attempt of the last webhook ends the queue", new Before(QueueHead.SENDING, 3, 1, future), In.FAILED, EndpointState.ENABLED, new After("none", 0, 0, 0, 1)),
                row("a 410 holds the queue with its webhook", new Before(QueueHead.SENDING, 1, 2, future), In.GONE, EndpointState.ENABLED, new After("HELD", 1, 2, 0, 0)),
                row("a disabled endpoint holds the queue", new Before(QueueHead.SENDING, 2, 1, future), In.DISABLED, EndpointState.DISABLED, new After("HELD", 2, 1, 0, 0)),
                row("a sender that does not know the endpoint yet is asked again without using up an attempt", new Before(QueueHead.SENDING, 2, 2, future), In.DELETED, EndpointState.ENABLED, new After("WAITING", 1, 2, 0, 0)),
                row("an endpoint this instance has not got either drops the queue", new Before(QueueHead.SENDING, 1, 2, future), In.DELETED, EndpointState.DELETED, new After("none", 0, 0, 0, 0)),
                row("any input drops the queue of an endpoint gone from the table", new Before(QueueHead.WAITING, 1, 2, future), In.DUE, EndpointState.DELETED, new After("none", 0, 0, 0, 0)),
                row("a due retry makes the next attempt", new Before(QueueHead.WAITING, 1, 1, past), In.DUE, EndpointState.ENABLED, new After("SENDING", 2, 1, 1, 0)),
                row("a retry not yet due waits", new Before(QueueHead.WAITING, 1, 1, future), In.DUE, EndpointState.ENABLED, null),
                row("a due retry to an endpoint disabled meanwhile is held", new Before(QueueHead.WAITING, 1, 1, past), In.DUE, EndpointState.DISABLED, new After("HELD", 1, 1, 0, 0)),
                row("an attempt unanswered past its deadline is asked for again", new Before(QueueHead.SENDING, 2, 1, past), In.DUE, EndpointState.ENABLED, new After("SENDING", 2, 1, 1, 0)),
                row("a held queue whose endpoint was enabled starts over", new Before(QueueHead.HELD, 2, 2, past), In.DUE, EndpointState.ENABLED, new After("SENDING", 1, 2, 1, 0)),
                row("a held queue whose endpoint is still disabled looks again later", new Before(QueueHead.HELD, 2, 2, past), In.DUE, EndpointState.DISABLED, new After("HELD", 2, 2, 0, 0)),
                row("a release starts a held queue over", new Before(QueueHead.HELD, 3, 2, future), In.RELEASE, EndpointState.DISABLED, new After("SENDING", 1, 2, 1, 0)),
                row("a release leaves a queue that is not held alone", new Before(QueueHead.WAITING, 1, 1, future), In.RELEASE, EndpointState.ENABLED, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theQueueFollowsItsRules(final String rule, final Before before, final In input, final EndpointState endpoint, final After expected) {
        final WebhookQueue queue = before == null ? null : queue(before);
        final QueueStep step = transitions.apply(queue, ENDPOINT, CUSTOMER, input(input), endpoint, NOW);

        if (expected == null) {
            assertThat(step.changed()).as("unchanged").isFalse();
            assertThat(step.queue()).isEqualTo(queue);
            assertThat(step.attempts()).isEmpty();
            assertThat(step.givenUp()).isEmpty();
            return;
        }
        assertThat(step.changed()).isTrue();
        if (expected.head().equals("none")) {
            assertThat(step.queue()).isNull();
        } else {
            assertThat(step.queue().getHead().name()).isEqualTo(expected.head());
            assertThat(step.queue().getAttempts()).isEqualTo(expected.attempt());
            assertThat(step.queue().getMessages()).hasSize(expected.messages());
        }
        assertThat(step.attempts()).hasSize(expected.attemptsAsked());
        assertThat(step.givenUp()).hasSize(expected.givenUp());
        step.attempts().forEach(attempt -> {
            assertThat(attempt.getMessage()).isEqualTo(step.queue().getMessages().get(0));
            assertThat(attempt.getAttempt()).isEqualTo(step.queue().getAttempts());
            assertThat(attempt.getAttemptId()).isEqualTo(step.queue().getAttemptId()).isNotEqualTo(CURRENT);
            assertThat(step.queue().getDueAt()).isEqualTo(NOW.plus(DEADLINE));
        });
    }

    @Test
    void aRetryWaitsTheScheduledTimeWithJitterThatNeverFiresEarly() {
        final QueueStep step = transitions.apply(queue(new Before(QueueHead.SENDING, 1, 1, NOW)), ENDPOINT, CUSTOMER,
                input(In.FAILED), EndpointState.ENABLED, NOW);

        assertThat(step.queue().getDueAt()).isBetween(NOW.plusSeconds(5), NOW.plusMillis(5_500));
        assertThat(step.queue().getLastFailure()).isEqualTo("FAILED HTTP 500: server error");
    }

    @Test
    void aRetryAfterLongerThanTheScheduleIsHonoured() {
        final QueueStep step = transitions.apply(queue(new Before(QueueHead.SENDING, 1, 1, NOW)), ENDPOINT, CUSTOMER,
                input(In.FAILED_RETRY_AFTER_60S), EndpointState.ENABLED, NOW);

        assertThat(step.queue().getDueAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void aGivenUpWebhookSaysWhyAndTheNextOneIsSentInOrder() {
        final QueueStep step = transitions.apply(queue(new Before(QueueHead.SENDING, 3, 2, NOW)), ENDPOINT, CUSTOMER,
                input(In.FAILED), EndpointState.ENABLED, NOW);

        assertThat(step.givenUp()).singleElement().satisfies(given -> {
            assertThat(given.message().getId()).isEqualTo("msg-0");
            assertThat(given.endpointId()).isEqualTo(ENDPOINT);
            assertThat(given.reason()).contains("after 3 attempt(s)").contains("HTTP 500");
        });
        assertThat(step.attempts()).singleElement().satisfies(attempt -> assertThat(attempt.getMessage().getId()).isEqualTo("msg-1"));
    }

    @Test
    void heldQueuesLookAgainAfterTheRecheckInterval() {
        final QueueStep step = transitions.apply(queue(new Before(QueueHead.SENDING, 1, 1, NOW)), ENDPOINT, CUSTOMER,
                input(In.GONE), EndpointState.ENABLED, NOW);

        assertThat(step.queue().getDueAt()).isEqualTo(NOW.plus(RECHECK));
    }

    private static Arguments row(final String rule, final Before before, final In input, final EndpointState endpoint, final After after) {
        return Arguments.of(rule, before, input, endpoint, after);
    }

    private static WebhookQueue queue(final Before before) {
        final List<WebhookMessage> messages = new ArrayList<>();
        for (int i = 0; i < before.messages(); i++) {
            messages.add(message("msg-" + i));
        }
        return WebhookQueue.newBuilder().setEndpointId(ENDPOINT).setSubject(CUSTOMER).setMessages(messages)
                .setHead(before.head()).setAttempts(before.attempts())
                .setAttemptId(before.head() == QueueHead.SENDING ? CURRENT : null)
                .setDueAt(before.dueAt()).build();
    }

    private static QueueInput input(final In input) {
        return switch (input) {
            case ENQUEUE_NEW -> new QueueInput.Enqueue(message("msg-new"));
            case ENQUEUE_SAME -> new QueueInput.Enqueue(message("msg-0"));
            case DELIVERED -> ended(DeliveryOutcome.DELIVERED, CURRENT, 200, null);
            case DELIVERED_STALE -> ended(DeliveryOutcome.DELIVERED, "attempt-older", 200, null);
            case FAILED -> ended(DeliveryOutcome.FAILED, CURRENT, 500, null);
            case FAILED_STALE -> ended(DeliveryOutcome.FAILED, "attempt-older", 500, null);
            case FAILED_RETRY_AFTER_60S -> ended(DeliveryOutcome.FAILED, CURRENT, 429, 60_000L);
            case GONE -> ended(DeliveryOutcome.GONE, CURRENT, 410, null);
            case DISABLED -> ended(DeliveryOutcome.ENDPOINT_DISABLED, CURRENT, null, null);
            case DELETED -> ended(DeliveryOutcome.ENDPOINT_DELETED, CURRENT, null, null);
            case DUE -> new QueueInput.Due();
            case RELEASE -> new QueueInput.Release();
        };
    }

    private static QueueInput ended(final DeliveryOutcome outcome, final String attemptId, final Integer status, final Long retryAfter) {
        return new QueueInput.AttemptEnded(WebhookDelivery.newBuilder()
                .setAttemptId(attemptId).setEndpointId(ENDPOINT).setTenantId("tenant").setSubject(CUSTOMER)
                .setMessageId("msg-0").setEventType("kyc.approved").setAttempt(1).setAttemptedAt(NOW)
                .setOutcome(outcome).setStatusCode(status).setLatencyMillis(12)
                .setError(status != null && status == 500 ? "server error" : null)
                .setRetryAfterMillis(retryAfter).build());
    }

    private static WebhookMessage message(final String id) {
        return WebhookMessage.newBuilder().setId(id).setTenantId("tenant").setSubject(CUSTOMER).setType("kyc.approved")
                .setSequence(1).setOccurredAt(NOW).setPayload("{}").build();
    }
}
