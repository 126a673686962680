package org.kycorchestrator.emitter.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.kycorchestrator.webhooks.AddressPolicy;

/**
 * Makes one delivery attempt: a signed POST of the message to the target, without waiting on the
 * calling thread. Each attempt is signed afresh with the current time, so a retry carries its own
 * {@code webhook-timestamp} but the message's {@code webhook-id}. Response bodies are read up to
 * {@value #MAX_RESPONSE_BYTES} bytes, never more: past that the connection is dropped. Their first
 * {@value CappedResponse#KEPT_BYTES} bytes are kept, as text, for the delivery log; they are the
 * merchant's and may hold anything, so they are never logged.
 *
 * <p>Timeouts: {@link #CONNECT_TIMEOUT} to connect, and {@link #REQUEST_TIMEOUT} for the whole
 * attempt, from the call to the end of the body. An answer whose body is still arriving then counts
 * with what came so far.
 *
 * <p>The connection pool is sized so that it is never the limit ({@value #MAX_CONNECTIONS}, on one
 * host or in all): endpoints that hang must not leave others waiting for a connection. How hard an
 * endpoint is pushed is decided by {@link EndpointLimits}.
 *
 * <p>SSRF: the URL is checked against the {@link AddressPolicy} before anything is sent, and the
 * client resolves names only through {@link CheckedDnsResolver}, so the address dialled is the
 * address checked. The URL's host stays the request's Host header and, for https, the name sent in
 * SNI and verified against the certificate. No proxy is used and redirects are never followed.
 */
public final class WebhookSender implements AutoCloseable {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;
    /** Connections open at once, per host and in all. */
    public static final int MAX_CONNECTIONS = 2048;

    private static final String NOT_HTTP = "the endpoint URL is not a valid http(s) URL";
    private static final java.util.regex.Pattern HTTP_URL = java.util.regex.Pattern.compile("(?i)https?://");
    private static final ContentType JSON = ContentType.create("application/json", (java.nio.charset.Charset) null);

    private final CloseableHttpAsyncClient http;
    private final AddressPolicy policy;
    private final Clock clock;

    /** {@code http} should come from {@link #httpClient}, with the same policy; it is closed with this. */
    public WebhookSender(final CloseableHttpAsyncClient http, final AddressPolicy policy, final Clock clock) {
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.policy = Objects.requireNonNull(policy, "policy cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /** A sender on a new, started client that resolves names with the system resolver. */
    public static WebhookSender create(final AddressPolicy policy, final Clock clock) {
        return new WebhookSender(httpClient(policy, HostResolver.SYSTEM), policy, clock);
    }

    /**
     * The started client webhooks need: short connect timeout, no redirects, retries, cookies or
     * proxies, and every name resolved once through the policy check.
     */
    public static CloseableHttpAsyncClient httpClient(final AddressPolicy policy, final HostResolver resolver) {
        final CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedDnsResolver(policy, resolver))
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                                .setSocketTimeout(Timeout.of(REQUEST_TIMEOUT))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(REQUEST_TIMEOUT))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        client.start();
        return client;
    }

    public CompletableFuture<AttemptOutcome> send(final OutgoingWebhook message, final WebhookTarget target) {
        final Optional<String> refusal = policy.refusal(target.url());
        if (!HTTP_URL.matcher(target.url()).lookingAt()) {
            return CompletableFuture.completedFuture(AttemptOutcome.unanswered(NOT_HTTP));
        }
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(AttemptOutcome.unanswered("the endpoint URL is refused: it " + refusal.get()));
        }
        final SimpleHttpRequest request;
        try {
            request = request(message, target);
        } catch (IllegalArgumentException | URISyntaxException e) {
            return CompletableFuture.completedFuture(AttemptOutcome.unanswered(NOT_HTTP));
        }
        final CompletableFuture<AttemptOutcome> answer = new CompletableFuture<>();
        final CappedResponse response = new CappedResponse(answer, clock);
        final Future<AttemptOutcome> exchange = http.execute(SimpleRequestProducer.create(request), response, completing(answer));
        return answer.orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((outcome, error) -> {
                    if (error != null) {
                        exchange.cancel(true);
                        // A body cut short by the timeout still leaves the answer's status.
                        return response.soFar().orElseGet(() -> AttemptOutcome.unanswered(describe(error)));
                    }
                    return outcome;
                });
    }

    /** Stops the client and its I/O threads at once; attempts still open fail. */
    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }

    private SimpleHttpRequest request(final OutgoingWebhook message, final WebhookTarget target) throws URISyntaxException {
        final URI uri = new URI(target.url());
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute URL with a host");
        }
        final long timestamp = clock.instant().getEpochSecond();
        return SimpleRequestBuilder.post(uri)
                .setVersion(HttpVersion.HTTP_1_1)
                .addHeader("webhook-id", message.id())
                .addHeader("webhook-timestamp", Long.toString(timestamp))
                .addHeader("webhook-signature", target.signer().signature(message.id(), timestamp, message.body()))
                .setBody(message.body().getBytes(StandardCharsets.UTF_8), JSON)
                .build();
    }

    private static FutureCallback<AttemptOutcome> completing(final CompletableFuture<AttemptOutcome> answer) {
        return new FutureCallback<>() {
            @Override
            public void completed(final AttemptOutcome outcome) {
                answer.complete(outcome);
            }

            @Override
            public void failed(final Exception error) {
                answer.completeExceptionally(error);
            }

            @Override
            public void cancelled() {
                answer.cancel(false);
            }
        };
    }

    private static String describe(final Throwable error) {
        final Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return "TimeoutException: no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        final String name = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? name : name + ": " + cause.getMessage();
    }
}
