package org.kycorchestrator.emitter.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

import org.kycorchestrator.emitter.delivery.RetrySchedule;
import org.kycorchestrator.schemas.webhooks.QueueHead;
import org.kycorchestrator.schemas.webhooks.WebhookAttempt;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;
import org.kycorchestrator.schemas.webhooks.WebhookQueue;

/**
 * The rules of one (endpoint, customer) queue, as a pure function {@code (queue, input) -> step}.
 * Only the first message of a queue is ever being delivered, so a customer's webhooks reach each
 * endpoint in the order they were queued; other customers and endpoints have queues of their own.
 *
 * <ul>
 *   <li>The first message is SENDING (one attempt asked of the sender), WAITING for its next
 *   attempt by the {@link RetrySchedule} (or the endpoint's longer Retry-After), or HELD while its
 *   endpoint is disabled.</li>
 *   <li>A 2xx removes it and starts the next. After the schedule's last attempt it is given up
 *   (dead-lettered) and the next starts too: one dead message does not block a customer forever,
 *   and a replay can send it again.</li>
 *   <li>A 410 or a disabled endpoint holds the queue, message included, until the endpoint is
 *   enabled; then delivery starts over from the first attempt. A deleted endpoint drops it; a sender
 *   that does not know the endpoint yet, while this instance does, is asked again a second later.</li>
 *   <li>An attempt whose result does not come back within the attempt deadline is asked for again
 *   (the sender crashed or the request was lost); a late result of the older one is ignored
 *   unless it is a success.</li>
 * </ul>
 *
 * <p>Every rule is idempotent, because the scheduler processes at least once: a message already in
 * the queue is not queued twice, and a result that is not for the attempt in flight changes nothing.
 */
public final class QueueTransitions {

    /** How long to wait before asking again a sender that did not know the endpoint. */
    static final Duration UNKNOWN_ENDPOINT_WAIT = Duration.ofSeconds(1);

    private final RetrySchedule schedule;
    private final Duration attemptDeadline;
    private final Duration heldRecheck;
    private final RandomGenerator random;

    /**
     * @param attemptDeadline how long an attempt may stay unanswered before it is asked for again
     * @param heldRecheck     how often a held queue looks whether its endpoint was enabled, in case
     *                        the release that says so was missed
     * @param random          draws the retry jitter and the attempt ids
     */
    public QueueTransitions(final RetrySchedule schedule, final Duration attemptDeadline, final Duration heldRecheck,
                            final RandomGenerator random) {
        this.schedule = Objects.requireNonNull(schedule, "schedule cannot be null");
        this.attemptDeadline = Objects.requireNonNull(attemptDeadline, "attemptDeadline cannot be null");
        this.heldRecheck = Objects.requireNonNull(heldRecheck, "heldRecheck cannot be null");
        this.random = Objects.requireNonNull(random, "random cannot be null");
    }

    /**
     * @param queue    the queue before, {@code null} when the (endpoint, customer) owes nothing
     * @param endpoint whether the endpoint may be sent to now
     */
    public QueueStep apply(final WebhookQueue queue, final String endpointId, final String subject, final QueueInput input,
                           final EndpointState endpoint, final Instant now) {
        Objects.requireNonNull(input, "input cannot be null");
        final Change change = new Change(now);
        if (queue != null && endpoint == EndpointState.DELETED) {
            return change.step(null);
        }
        final WebhookQueue after;
        if (input instanceof QueueInput.Enqueue enqueue) {
            after = enqueue(queue, endpointId, subject, enqueue.message(), endpoint, change);
        } else if (input instanceof QueueInput.AttemptEnded ended) {
            after = attemptEnded(queue, ended.delivery(), endpoint, change);
        } else if (input instanceof QueueInput.Due) {
            after = due(queue, endpoint, change);
        } else {
            after = release(queue, endpoint, change);
        }
        return after == queue ? QueueStep.unchanged(queue) : change.step(after);
    }

    private WebhookQueue enqueue(final WebhookQueue queue, final String endpointId, final String subject,
                                 final WebhookMessage message, final EndpointState endpoint, final Change change) {
        if (queue == null) {
            if (endpoint == EndpointState.DELETED) {
                return null;
            }
            final WebhookQueue fresh = WebhookQueue.newBuilder()
                    .setEndpointId(endpointId).setSubject(subject).setMessages(List.of(message))
                    .setHead(QueueHead.WAITING).setAttempts(0).build();
            return start(fresh, 1, endpoint, change);
        }
        if (queue.getMessages().stream().anyMatch(m -> m.getId().equals(message.getId()))) {
            return queue;
        }
        final List<WebhookMessage> messages = new ArrayList<>(queue.getMessages());
        messages.add(message);
        return WebhookQueue.newBuilder(queue).setMessages(messages).build();
    }

    private WebhookQueue attemptEnded(final WebhookQueue queue, final WebhookDelivery delivery, final EndpointState endpoint,
                                      final Change change) {
        if (queue == null || !first(queue).getId().equals(delivery.getMessageId())) {
            return queue;
        }
        switch (delivery.getOutcome()) {
            case DELIVERED -> {
                // Accepted from any attempt of the message: it arrived, so it must not be sent again.
                return next(queue, endpoint, change);
            }
            case ENDPOINT_DELETED -> {
                // This instance still knows the endpoint (a deleted one was dropped above): the sender,
                // perhaps on another instance, has not read it yet. Ask again shortly; it is no attempt.
                return isInFlight(queue, delivery) ? unknownToSender(queue, endpoint, change) : queue;
            }
            default -> {
                // FAILED, GONE and ENDPOINT_DISABLED below; results of other attempts are stale.
            }
        }
        if (!isInFlight(queue, delivery)) {
            return queue;
        }
        final String failure = describe(delivery);
        return switch (delivery.getOutcome()) {
            case GONE, ENDPOINT_DISABLED -> hold(WebhookQueue.newBuilder(queue).setLastFailure(failure).build(), change);
            default -> failed(queue, delivery, failure, endpoint, change);
        };
    }

    private WebhookQueue failed(final WebhookQueue queue, final WebhookDelivery delivery, final String failure,
                                final EndpointState endpoint, final Change change) {
        if (queue.getAttempts() >= schedule.attempts()) {
            change.givenUp.add(new QueueStep.GivenUp(queue.getEndpointId(), first(queue),
                    "webhook to endpoint " + queue.getEndpointId() + " failed after " + queue.getAttempts()
                            + " attempt(s); last: " + failure));
            return next(queue, endpoint, change);
        }
        final Duration scheduled = schedule.jitteredDelayBefore(queue.getAttempts() + 1, random);
        final Duration retryAfter = delivery.getRetryAfterMillis() == null ? Duration.ZERO : Duration.ofMillis(delivery.getRetryAfterMillis());
        final Duration wait = scheduled.compareTo(retryAfter) >= 0 ? scheduled : retryAfter;
        return WebhookQueue.newBuilder(queue).setHead(QueueHead.WAITING).setAttemptId(null)
                .setDueAt(change.now.plus(wait)).setLastFailure(failure).build();
    }

    private WebhookQueue unknownToSender(final WebhookQueue queue, final EndpointState endpoint, final Change change) {
        if (endpoint == EndpointState.DISABLED) {
            return hold(queue, change);
        }
        return WebhookQueue.newBuilder(queue).setHead(QueueHead.WAITING).setAttemptId(null)
                .setAttempts(queue.getAttempts() - 1).setDueAt(change.now.plus(UNKNOWN_ENDPOINT_WAIT)).build();
    }

    private WebhookQueue due(final WebhookQueue queue, final EndpointState endpoint, final Change change) {
        if (queue == null || queue.getDueAt() == null || queue.getDueAt().isAfter(change.now)) {
            return queue;
        }
        return switch (queue.getHead()) {
            case WAITING -> start(queue, queue.getAttempts() + 1, endpoint, change);
            // The attempt was lost: ask for it again, under the same number.
            case SENDING -> start(queue, Math.max(1, queue.getAttempts()), endpoint, change);
            case HELD -> endpoint == EndpointState.ENABLED ? start(queue, 1, endpoint, change) : hold(queue, change);
        };
    }

    private WebhookQueue release(final WebhookQueue queue, final EndpointState endpoint, final Change change) {
        if (queue == null || queue.getHead() != QueueHead.HELD) {
            return queue;
        }
        // The release says the endpoint was enabled, even if this instance has not read that yet; if it
        // is in fact disabled, the sender says so and the queue is held again.
        return start(queue, 1, EndpointState.ENABLED, change);
    }

    /** Removes the first message and starts the next, if any. */
    private WebhookQueue next(final WebhookQueue queue, final EndpointState endpoint, final Change change) {
        final List<WebhookMessage> rest = queue.getMessages().subList(1, queue.getMessages().size());
        if (rest.isEmpty()) {
            return null;
        }
        final WebhookQueue shorter = WebhookQueue.newBuilder(queue).setMessages(new ArrayList<>(rest))
                .setLastFailure(null).build();
        return start(shorter, 1, endpoint, change);
    }

    /** Asks for attempt {@code attempt} of the first message, or holds the queue if the endpoint is disabled. */
    private WebhookQueue start(final WebhookQueue queue, final int attempt, final EndpointState endpoint, final Change change) {
        if (endpoint == EndpointState.DELETED) {
            return null;
        }
        if (endpoint == EndpointState.DISABLED) {
            return hold(queue, change);
        }
        final String attemptId = new UUID(random.nextLong(), random.nextLong()).toString();
        change.attempts.add(WebhookAttempt.newBuilder()
                .setAttemptId(attemptId).setEndpointId(queue.getEndpointId()).setAttempt(attempt)
                .setMessage(first(queue)).setRequestedAt(change.now).build());
        return WebhookQueue.newBuilder(queue).setHead(QueueHead.SENDING).setAttempts(attempt).setAttemptId(attemptId)
                .setDueAt(change.now.plus(attemptDeadline)).build();
    }

    private WebhookQueue hold(final WebhookQueue queue, final Change change) {
        return WebhookQueue.newBuilder(queue).setHead(QueueHead.HELD).setAttemptId(null)
                .setDueAt(change.now.plus(heldRecheck)).build();
    }

    private static boolean isInFlight(final WebhookQueue queue, final WebhookDelivery delivery) {
        return queue.getHead() == QueueHead.SENDING && delivery.getAttemptId().equals(queue.getAttemptId());
    }

    private static WebhookMessage first(final WebhookQueue queue) {
        return queue.getMessages().get(0);
    }

    private static String describe(final WebhookDelivery delivery) {
        final StringBuilder text = new StringBuilder(delivery.getOutcome().name());
        if (delivery.getStatusCode() != null) {
            text.append(" HTTP ").append(delivery.getStatusCode());
        }
        if (delivery.getError() != null) {
            text.append(": ").append(delivery.getError());
        }
        return text.toString();
    }

    /** What a step produced besides the queue. */
    private static final class Change {
        private final Instant now;
        private final List<WebhookAttempt> attempts = new ArrayList<>();
        private final List<QueueStep.GivenUp> givenUp = new ArrayList<>();

        Change(final Instant now) {
            this.now = Objects.requireNonNull(now, "now cannot be null");
        }

        QueueStep step(final WebhookQueue queue) {
            return new QueueStep(queue, true, attempts, givenUp);
        }
    }
}
