package org.kycorchestrator.emitter.delivery;

/**
 * How one HTTP attempt ended: the status code the endpoint answered ({@code 0} if it did not answer),
 * and, for a failure, a short description fit for a log line and a dead letter.
 */
public record AttemptOutcome(int statusCode, String failure) {

    public static AttemptOutcome answered(final int statusCode) {
        return new AttemptOutcome(statusCode, statusCode / 100 == 2 ? null : "HTTP " + statusCode);
    }

    public static AttemptOutcome unanswered(final String failure) {
        return new AttemptOutcome(0, failure);
    }

    /** Only a 2xx answer counts; redirects are not followed and so fail too. */
    public boolean succeeded() {
        return statusCode / 100 == 2;
    }
}
