package org.kycorchestrator.emitter.scheduling;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.emitter.messages.WebhookMessages;
import org.kycorchestrator.kafka.DeadLetters;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.kycorchestrator.schemas.webhooks.TenantEvent;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;
import org.kycorchestrator.schemas.webhooks.WebhookQueue;
import org.kycorchestrator.schemas.webhooks.WebhookRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin shell around {@link QueueTransitions}. It turns each record into inputs for the queues
 * of (endpoint, customer) it concerns, stores each queue and its due time, and forwards the attempts
 * and dead letters the transitions produced:
 * <ul>
 *   <li>a status event (or a tenant event) is queued for every endpoint of its tenant subscribed to its type, enabled or
 *   not (a disabled endpoint's webhooks are kept for when it is enabled);</li>
 *   <li>an attempt's result goes to its queue;</li>
 *   <li>a replay is queued for its endpoint; a release goes to every queue of its endpoint held in
 *   this task.</li>
 * </ul>
 * Due queues are found on wall-clock time, since retries are due whether or not records arrive.
 */
final class WebhookQueueProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /**
     * The registry subject (as a topic name) under which a dead letter's message is serialized: a
     * subject of its own, since kyc.webhooks.dlq-value is the letter's.
     */
    static final String MESSAGE_SUBJECT = "kyc.webhooks.messages";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookQueueProcessor.class);
    /** At most this many due queues per tick, so that a backlog does not stall the stream thread. */
    private static final int DUE_PER_TICK = 1_000;

    private final QueueTransitions transitions;
    private final EndpointTable endpoints;
    private final Duration tick;
    private final Serializer<WebhookMessage> messages;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, WebhookQueue> queues;
    private DueIndex due;

    WebhookQueueProcessor(final QueueTransitions transitions, final EndpointTable endpoints, final Duration tick,
                          final Serializer<WebhookMessage> messages) {
        this.transitions = Objects.requireNonNull(transitions, "transitions cannot be null");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
        this.tick = Objects.requireNonNull(tick, "tick cannot be null");
        this.messages = Objects.requireNonNull(messages, "messages cannot be null");
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.queues = context.getStateStore(WebhookTopology.QUEUE_STORE);
        this.due = new DueIndex(context.getStateStore(WebhookTopology.DUE_STORE));
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::fireDue);
    }

    @Override
    public void process(final Record<String, SpecificRecord> record) {
        final SpecificRecord value = record.value();
        if (value instanceof KycStatusEvent event) {
            fanOut(WebhookMessages.fromStatus(event));
        } else if (value instanceof TenantEvent event) {
            fanOut(WebhookMessages.fromTenantEvent(event));
        } else if (value instanceof WebhookDelivery delivery) {
            handle(delivery.getEndpointId(), delivery.getSubject(), new QueueInput.AttemptEnded(delivery));
        } else if (value instanceof WebhookRequest request) {
            request(request);
        } else {
            throw new IllegalArgumentException("not an input of the webhook queues: " + value);
        }
    }

    private void fanOut(final WebhookMessage message) {
        for (WebhookEndpoint endpoint : endpoints.subscribedTo(message.getTenantId(), message.getType())) {
            handle(endpoint.getId(), message.getSubject(), new QueueInput.Enqueue(message));
        }
    }

    private void request(final WebhookRequest request) {
        switch (request.getType()) {
            case REPLAY -> {
                if (request.getMessage() == null) {
                    throw new IllegalArgumentException("a replay request without a message");
                }
                handle(request.getEndpointId(), request.getMessage().getSubject(), new QueueInput.Enqueue(request.getMessage()));
            }
            case RELEASE -> {
                final List<String> held = new ArrayList<>();
                try (KeyValueIterator<String, WebhookQueue> range = queues.prefixScan(queueKey(request.getEndpointId(), ""),
                        Serdes.String().serializer())) {
                    range.forEachRemaining(entry -> held.add(entry.value.getSubject()));
                }
                held.forEach(subject -> handle(request.getEndpointId(), subject, new QueueInput.Release()));
            }
        }
    }

    private void fireDue(final long wallClockMs) {
        for (String key : due.due(Instant.ofEpochMilli(wallClockMs), DUE_PER_TICK)) {
            final WebhookQueue queue = queues.get(key);
            if (queue != null) {
                handle(queue.getEndpointId(), queue.getSubject(), new QueueInput.Due());
            }
        }
    }

    private void handle(final String endpointId, final String subject, final QueueInput input) {
        final String key = queueKey(endpointId, subject);
        final WebhookQueue before = queues.get(key);
        final EndpointState endpoint = EndpointState.of(endpoints.find(endpointId).orElse(null));
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        final QueueStep step = transitions.apply(before, endpointId, subject, input, endpoint, now);
        if (step.changed()) {
            if (step.queue() == null) {
                queues.delete(key);
                if (before != null && endpoint == EndpointState.DELETED) {
                    LOG.info("Endpoint {} was deleted; dropped the {} webhook(s) it still owed a customer", endpointId, before.getMessages().size());
                }
            } else {
                queues.put(key, step.queue());
            }
            due.reschedule(key, before, step.queue());
        }
        step.attempts().forEach(attempt -> context.forward(new Record<>(subject, attempt, now.toEpochMilli())));
        step.givenUp().forEach(given -> context.forward(deadLetter(subject, given, now)));
    }

    private Record<String, SpecificRecord> deadLetter(final String subject, final QueueStep.GivenUp given, final Instant now) {
        LOG.warn("Webhook {} to endpoint {} given up: {}", given.message().getId(), given.endpointId(), given.reason());
        final DeadLetter letter = DeadLetters.letter(WebhookTopology.COMPONENT, TopicNames.WEBHOOK_ATTEMPTS, -1, -1, subject,
                messages.serialize(MESSAGE_SUBJECT, given.message()), given.reason());
        final Record<String, SpecificRecord> record = new Record<>(subject, letter, now.toEpochMilli());
        record.headers().add(WebhookMessages.DEAD_LETTER_ENDPOINT_HEADER, given.endpointId().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    static String queueKey(final String endpointId, final String subject) {
        return endpointId + "|" + subject;
    }
}
