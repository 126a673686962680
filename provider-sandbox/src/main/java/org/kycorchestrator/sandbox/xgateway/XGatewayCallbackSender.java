package org.kycorchestrator.sandbox.xgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs KYC callbacks the way xGateway does: JSON, with a {@code hash} derived from the customer id
 * and the secret key, retried on a failure or a non-2xx answer up to {@value #MAX_ATTEMPTS}
 * attempts with exponential backoff (200 ms, 400 ms, 800 ms, ...). Nothing here blocks: requests
 * are sent asynchronously and retries are scheduled.
 */
final class XGatewayCallbackSender implements AutoCloseable {

    static final int MAX_ATTEMPTS = 10;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(XGatewayCallbackSender.class);

    private final URI url;
    private final String secretKey;
    private final ObjectMapper json;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Duration firstBackoff;
    private volatile boolean closed;

    XGatewayCallbackSender(final URI url, final String secretKey, final ObjectMapper json, final HttpClient http,
                           final ScheduledExecutorService scheduler) {
        this(url, secretKey, json, http, scheduler, FIRST_BACKOFF);
    }

    /** With another first backoff, so tests can run all {@value #MAX_ATTEMPTS} attempts quickly. */
    XGatewayCallbackSender(final URI url, final String secretKey, final ObjectMapper json, final HttpClient http,
                           final ScheduledExecutorService scheduler, final Duration firstBackoff) {
        this.url = url;
        this.secretKey = secretKey;
        this.json = json;
        this.http = http;
        this.scheduler = scheduler;
        this.firstBackoff = firstBackoff;
    }

    /** Starts delivering the callback for {@code view} and returns at once. */
    void send(final XGatewayKycView view) {
        final byte[] body;
        try {
            body = json.writeValueAsBytes(XGatewayJson.KycCallback.of(view, hash(view.customerId(), secretKey)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the KYC callback", e);
        }
        attempt(view.customerId(), view.status(), body, 1);
    }

    /** base64(SHA-512({customerId}.{secretKey})), as xGateway signs its callbacks. */
    static String hash(final String customerId, final String secretKey) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-512")
                    .digest((customerId + "." + secretKey).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is not available", e);
        }
    }

    /** The wait before attempt {@code failedAttempt + 1}: the first backoff (200 ms), then doubling. */
    static Duration backoffAfter(final Duration firstBackoff, final int failedAttempt) {
        return firstBackoff.multipliedBy(1L << (failedAttempt - 1));
    }

    @Override
    public void close() {
        closed = true;
    }

    private void attempt(final String customerId, final XGatewayStatus status, final byte[] body, final int attempt) {
        if (closed) {
            return;
        }
        final HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    if (failure == null && response.statusCode() / 100 == 2) {
                        LOG.info("xgateway: KYC callback ({}) for customer {} delivered on attempt {}",
                                status, customerId, attempt);
                    } else {
                        retry(customerId, status, body, attempt,
                                failure == null ? "HTTP " + response.statusCode() : failure.toString());
                    }
                });
    }

    private void retry(final String customerId, final XGatewayStatus status, final byte[] body, final int attempt,
                       final String reason) {
        if (closed) {
            return;
        }
        if (attempt >= MAX_ATTEMPTS) {
            LOG.warn("xgateway: KYC callback ({}) for customer {} failed on attempt {} ({}); giving up",
                    status, customerId, attempt, reason);
            return;
        }
        final Duration backoff = backoffAfter(firstBackoff, attempt);
        LOG.info("xgateway: KYC callback ({}) for customer {} failed on attempt {} ({}); retrying in {} ms",
                status, customerId, attempt, reason, backoff.toMillis());
        try {
            scheduler.schedule(() -> attempt(customerId, status, body, attempt + 1), backoff.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("xgateway: sandbox stopped; dropping the KYC callback for customer {}", customerId);
        }
    }
}
