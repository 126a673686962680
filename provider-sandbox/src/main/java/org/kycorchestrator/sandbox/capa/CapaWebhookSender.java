package org.kycorchestrator.sandbox.capa;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs KYC webhooks the way Capa does: the compact JSON {@code {"type":"KYC","event","externalUserId"}}
 * with header {@code capa-signature} = hex HMAC-SHA256(webhook secret, those bytes). A failure (no
 * answer, or a non-2xx one) is retried along the schedule, then given up: Capa has no replay. Nothing
 * here blocks; requests are sent asynchronously and the attempts are scheduled.
 */
final class CapaWebhookSender implements AutoCloseable {

    static final String SIGNATURE_HEADER = "capa-signature";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(CapaWebhookSender.class);

    private final URI url;
    private final byte[] secret;
    private final ObjectMapper json;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final List<Duration> schedule;
    private volatile boolean closed;

    CapaWebhookSender(final URI url, final String secret, final ObjectMapper json, final HttpClient http,
                      final ScheduledExecutorService scheduler, final List<Duration> schedule) {
        this.url = url;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.json = json;
        this.http = http;
        this.scheduler = scheduler;
        this.schedule = List.copyOf(schedule);
    }

    /** Starts delivering {@code event} for the user and returns at once. */
    void send(final String event, final String externalUserId) {
        final byte[] body;
        try {
            body = json.writeValueAsBytes(CapaJson.Webhook.kyc(event, externalUserId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the KYC webhook", e);
        }
        final Delivery delivery = new Delivery(event, externalUserId, body, sign(secret, body));
        schedule(delivery, 1);
    }

    /** Hex HMAC-SHA256 of {@code body} under {@code secret}, as Capa signs its webhooks. */
    static String sign(final byte[] secret, final byte[] body) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private record Delivery(String event, String externalUserId, byte[] body, String signature) {
    }

    private void schedule(final Delivery delivery, final int attempt) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(() -> attempt(delivery, attempt), schedule.get(attempt - 1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("capa: sandbox stopped; dropping the {} webhook for external user {}", delivery.event(),
                    delivery.externalUserId());
        }
    }

    private void attempt(final Delivery delivery, final int attempt) {
        if (closed) {
            return;
        }
        final HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, delivery.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                LOG.info("capa: {} webhook for external user {} delivered on attempt {}", delivery.event(),
                        delivery.externalUserId(), attempt);
                return;
            }
            final String reason = failure == null ? "HTTP " + response.statusCode() : failure.getClass().getSimpleName();
            if (attempt >= schedule.size()) {
                LOG.warn("capa: {} webhook for external user {} failed on attempt {} ({}); marked failed, Capa has no replay",
                        delivery.event(), delivery.externalUserId(), attempt, reason);
                return;
            }
            LOG.info("capa: {} webhook for external user {} failed on attempt {} ({}); next attempt in {} ms",
                    delivery.event(), delivery.externalUserId(), attempt, reason, schedule.get(attempt).toMillis());
            schedule(delivery, attempt + 1);
        });
    }
}
