package org.kycorchestrator.sandbox.grid;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs webhooks the way Grid does: {@code {"id","type","timestamp","data"}} signed in the
 * {@code X-Grid-Signature} header, retried with exponential backoff (200 ms, 400 ms, ... at most
 * 30 minutes apart) until the receiver answers 2xx, for up to 7 days. An answer of 409 means the
 * receiver already has this webhook id, and stops the retries. Every retry sends the same bytes
 * (same id, same signature). Nothing here blocks: requests are sent asynchronously and retries
 * are scheduled. Only the webhook id, type and Grid customer id are logged, never the body.
 */
final class GridWebhookSender implements AutoCloseable {

    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_INTERVAL = Duration.ofMinutes(30);
    static final Duration RETRY_WINDOW = Duration.ofDays(7);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(GridWebhookSender.class);

    private final URI url;
    private final GridWebhookSigner signer;
    private final ObjectMapper json;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration firstBackoff;
    private final Duration retryWindow;
    private volatile boolean closed;

    GridWebhookSender(final URI url, final GridWebhookSigner signer, final ObjectMapper json, final HttpClient http,
                      final ScheduledExecutorService scheduler, final Clock clock) {
        this(url, signer, json, http, scheduler, clock, FIRST_BACKOFF, RETRY_WINDOW);
    }

    /** With another first backoff and retry window, so tests can run a whole retry schedule quickly. */
    GridWebhookSender(final URI url, final GridWebhookSigner signer, final ObjectMapper json, final HttpClient http,
                      final ScheduledExecutorService scheduler, final Clock clock, final Duration firstBackoff,
                      final Duration retryWindow) {
        this.url = url;
        this.signer = signer;
        this.json = json;
        this.http = http;
        this.scheduler = scheduler;
        this.clock = clock;
        this.firstBackoff = firstBackoff;
        this.retryWindow = retryWindow;
    }

    /** Starts delivering a webhook for {@code event} and returns at once. */
    void send(final String customerId, final GridEvent event) {
        final String id = "Webhook:" + UUID.randomUUID();
        final byte[] body;
        try {
            body = json.writeValueAsBytes(GridJson.Webhook.of(id, event,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS).toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Grid webhook", e);
        }
        final Delivery delivery = new Delivery(id, event.type(), customerId, body, signer.signatureHeader(body), System.nanoTime());
        attempt(delivery, 1);
    }

    /** The wait before attempt {@code failedAttempt + 1}: the first backoff, doubling, at most {@link #MAX_INTERVAL}. */
    static Duration backoffAfter(final Duration firstBackoff, final int failedAttempt) {
        final int doublings = Math.min(failedAttempt - 1, 30);
        final Duration backoff = firstBackoff.multipliedBy(1L << doublings);
        return backoff.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : backoff;
    }

    @Override
    public void close() {
        closed = true;
    }

    private record Delivery(String id, String type, String customerId, byte[] body, String signature, long firstAttemptNanos) {
    }

    private void attempt(final Delivery delivery, final int attempt) {
        if (closed) {
            return;
        }
        final HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(GridWebhookSigner.HEADER, delivery.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    if (failure == null && response.statusCode() / 100 == 2) {
                        LOG.info("grid: webhook {} ({}) for customer {} delivered on attempt {}",
                                delivery.id(), delivery.type(), delivery.customerId(), attempt);
                    } else if (failure == null && response.statusCode() == 409) {
                        LOG.info("grid: webhook {} ({}) for customer {} answered 409 on attempt {}: already received, not retried",
                                delivery.id(), delivery.type(), delivery.customerId(), attempt);
                    } else {
                        retry(delivery, attempt, failure == null ? "HTTP " + response.statusCode() : failure.toString());
                    }
                });
    }

    private void retry(final Delivery delivery, final int attempt, final String reason) {
        if (closed) {
            return;
        }
        final Duration backoff = backoffAfter(firstBackoff, attempt);
        final Duration elapsed = Duration.ofNanos(System.nanoTime() - delivery.firstAttemptNanos());
        if (elapsed.plus(backoff).compareTo(retryWindow) > 0) {
            LOG.warn("grid: webhook {} ({}) for customer {} failed on attempt {} ({}); retry window over, giving up",
                    delivery.id(), delivery.type(), delivery.customerId(), attempt, reason);
            return;
        }
        LOG.info("grid: webhook {} ({}) for customer {} failed on attempt {} ({}); retrying in {} ms",
                delivery.id(), delivery.type(), delivery.customerId(), attempt, reason, backoff.toMillis());
        try {
            scheduler.schedule(() -> attempt(delivery, attempt + 1), backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("grid: sandbox stopped; dropping webhook {}", delivery.id());
        }
    }
}
