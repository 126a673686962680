package org.kycorchestrator.emitter.delivery;

import java.time.Duration;

/**
 * How one HTTP attempt ended: the status code the endpoint answered ({@code 0} if it did not answer),
 * for a failure a short description fit for a log line and a dead letter, the wait the endpoint
 * asked for with {@code Retry-After} on a 429 or 503 ({@code null} if it asked for none), and the
 * first {@value CappedResponse#KEPT_BYTES} bytes of the answer's body as text ({@code null} if it had
 * none). The body is the merchant's: it goes to the delivery log, never to a log line.
 */
public record AttemptOutcome(int statusCode, String failure, Duration retryAfter, String responseBody) {

    public static AttemptOutcome answered(final int statusCode) {
        return answered(statusCode, null);
    }

    public static AttemptOutcome answered(final int statusCode, final Duration retryAfter) {
        return answered(statusCode, retryAfter, null);
    }

    public static AttemptOutcome answered(final int statusCode, final Duration retryAfter, final String responseBody) {
        return new AttemptOutcome(statusCode, statusCode / 100 == 2 ? null : "HTTP " + statusCode, retryAfter, responseBody);
    }

    public static AttemptOutcome unanswered(final String failure) {
        return new AttemptOutcome(0, failure, null, null);
    }

    /** Only a 2xx answer counts; redirects are not followed and so fail too. */
    public boolean succeeded() {
        return statusCode / 100 == 2;
    }

    /** A 410 Gone: the endpoint says it will never take webhooks again. */
    public boolean gone() {
        return statusCode == 410;
    }

    /** Whether the endpoint answered at all. */
    public boolean answered() {
        return statusCode != 0;
    }
}
