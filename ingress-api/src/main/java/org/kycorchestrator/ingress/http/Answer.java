package org.kycorchestrator.ingress.http;

import java.util.Objects;

import io.javalin.http.Context;

/**
 * An answer made before it is written, so that it can be kept and given again: a command's first
 * answer is given again to a retry with the same Idempotency-Key.
 *
 * @param status   the HTTP status
 * @param envelope the body, an envelope as {@link Envelope} makes it
 * @param replayed true when this is a first answer given again ({@code Idempotent-Replayed: true})
 */
public record Answer(int status, byte[] envelope, boolean replayed) {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    public Answer {
        Objects.requireNonNull(envelope, "envelope cannot be null");
    }

    public static Answer success(final int status, final Object data) {
        return new Answer(status, Envelope.successBody(data), false);
    }

    public static Answer error(final ApiError error) {
        return new Answer(error.status(), Envelope.errorBody(error), false);
    }

    public void writeTo(final Context ctx) {
        if (replayed) {
            ctx.header(REPLAYED_HEADER, "true");
        }
        if (status == 503) {
            ctx.header("Retry-After", ErrorHandling.RETRY_AFTER_SECONDS);
        }
        Envelope.write(ctx, status, envelope);
    }
}
