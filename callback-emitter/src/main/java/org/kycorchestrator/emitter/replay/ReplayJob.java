package org.kycorchestrator.emitter.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.SchemaRegistryOutage;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.webhooks.ReplayRequest;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one {@link ReplayRequest}: reads the endpoint's dead letters, or every event since a
 * time, and asks the scheduler to queue each webhook again, in the order read. Returns only once the
 * broker has every request, so the caller may then commit the replay request. A record that cannot
 * be read is skipped and counted; an unreachable schema registry fails the job, to be run again.
 */
final class ReplayJob {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayJob.class);
    private static final Duration ENDPOINT_RECHECK = Duration.ofMillis(100);

    private final EndpointTable endpoints;
    private final Duration endpointGrace;
    private final Supplier<Consumer<byte[], byte[]>> readers;
    private final ReplaySource deadLetters;
    private final ReplaySource status;
    private final Producer<byte[], byte[]> producer;
    private final Topic<WebhookRequest> requests;
    private final Clock clock;

    /**
     * @param endpointGrace how long an endpoint this emitter does not know yet is waited for: the API
     *                      accepts a replay for an endpoint it just saw, which may not have reached us
     * @param readers       makes a group-less consumer for each job's reading, closed when it ends
     */
    ReplayJob(final EndpointTable endpoints, final Duration endpointGrace, final Supplier<Consumer<byte[], byte[]>> readers,
              final KycTopics topics, final Producer<byte[], byte[]> producer, final Clock clock) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
        this.endpointGrace = Objects.requireNonNull(endpointGrace, "endpointGrace cannot be null");
        this.readers = Objects.requireNonNull(readers, "readers cannot be null");
        this.deadLetters = new DeadLetterSource(topics);
        this.status = new StatusSource(topics.status());
        this.producer = Objects.requireNonNull(producer, "producer cannot be null");
        this.requests = topics.webhookRequests();
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /** Throws {@link CancellationException} when {@code running} turns false before the job is done. */
    void run(final ReplayRequest request, final BooleanSupplier running) {
        final Optional<WebhookEndpoint> found = endpointOf(request, running);
        if (found.isEmpty()) {
            return;
        }
        final WebhookEndpoint endpoint = found.get();
        final ReplaySource source = request.getDeadLetters() ? deadLetters : status;
        final ReplayedRequests replayed = new ReplayedRequests(producer, requests, endpoint.getId());
        final Instant requestedAt = clock.instant();
        final AtomicInteger unreadable = new AtomicInteger();
        try (Consumer<byte[], byte[]> reader = readers.get()) {
            new TopicRange(reader, source.topic()).forEach(request.getSince(), running, record -> {
                try {
                    source.messageFor(endpoint, record).ifPresent(message -> replayed.send(message, requestedAt));
                } catch (RuntimeException e) {
                    if (SchemaRegistryOutage.isCause(e)) {
                        throw e;
                    }
                    unreadable.incrementAndGet();
                    LOG.warn("Replay {} skips {}-{}@{}: {}", request.getReplayId(), record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                }
            });
        }
        replayed.awaitAcknowledged();
        LOG.info("Replay {} for endpoint {} ({}): {} webhook(s) queued again, {} unreadable record(s) skipped",
                request.getReplayId(), request.getEndpointId(), request.getDeadLetters() ? "dead letters" : "events",
                replayed.sent(), unreadable.get());
    }

    private Optional<WebhookEndpoint> endpointOf(final ReplayRequest request, final BooleanSupplier running) {
        final Optional<WebhookEndpoint> endpoint = awaitEndpoint(request.getEndpointId(), running);
        if (endpoint.isEmpty()) {
            LOG.warn("Replay {} skipped: endpoint {} is unknown", request.getReplayId(), request.getEndpointId());
            return Optional.empty();
        }
        if (!endpoint.get().getTenantId().equals(request.getTenantId())) {
            LOG.warn("Replay {} skipped: endpoint {} belongs to another tenant", request.getReplayId(), request.getEndpointId());
            return Optional.empty();
        }
        return endpoint;
    }

    private Optional<WebhookEndpoint> awaitEndpoint(final String endpointId, final BooleanSupplier running) {
        final long deadline = System.nanoTime() + endpointGrace.toNanos();
        Optional<WebhookEndpoint> endpoint = endpoints.find(endpointId);
        while (endpoint.isEmpty() && System.nanoTime() < deadline) {
            if (!running.getAsBoolean()) {
                throw new CancellationException("stopped while waiting for endpoint " + endpointId);
            }
            try {
                Thread.sleep(ENDPOINT_RECHECK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for endpoint " + endpointId);
            }
            endpoint = endpoints.find(endpointId);
        }
        return endpoint;
    }
}
