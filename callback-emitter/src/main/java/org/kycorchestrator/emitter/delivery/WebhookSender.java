package org.kycorchestrator.emitter.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Makes one delivery attempt: a signed POST of the message to the target, without waiting on the
 * calling thread. Each attempt is signed afresh with the current time, so a retry carries its own
 * {@code webhook-timestamp} but the message's {@code webhook-id}. Response bodies are discarded
 * unread: they are the merchant's and may hold anything.
 */
public final class WebhookSender {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http;
    private final Clock clock;

    public WebhookSender(final HttpClient http, final Clock clock) {
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /** The client webhooks need: short connect timeout, and redirects never followed. */
    public static HttpClient httpClient(final Executor executor) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Objects.requireNonNull(executor, "executor cannot be null"))
                .build();
    }

    public CompletableFuture<AttemptOutcome> send(final WebhookMessage message, final WebhookTarget target) {
        final HttpRequest request;
        try {
            request = request(message, target);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(AttemptOutcome.unanswered("the endpoint URL is not a valid http(s) URL"));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> error == null
                        ? AttemptOutcome.answered(response.statusCode())
                        : AttemptOutcome.unanswered(describe(error)));
    }

    private HttpRequest request(final WebhookMessage message, final WebhookTarget target) {
        final long timestamp = clock.instant().getEpochSecond();
        return HttpRequest.newBuilder(URI.create(target.url()))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("webhook-id", message.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", target.signer().signature(message.id(), timestamp, message.body()))
                .POST(HttpRequest.BodyPublishers.ofString(message.body(), StandardCharsets.UTF_8))
                .build();
    }

    private static String describe(final Throwable error) {
        final Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        final String name = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? name : name + ": " + cause.getMessage();
    }
}
