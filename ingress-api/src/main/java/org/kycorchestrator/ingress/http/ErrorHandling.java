package org.kycorchestrator.ingress.http;

import java.util.concurrent.CompletionException;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure leaves as the error envelope: refusals with their own status, anything
 * unexpected as a 500 without a stack trace (which goes to the log instead).
 */
public final class ErrorHandling {

    /** How long a caller told 503 should wait before trying again. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

    private ErrorHandling() {
    }

    public static void register(final RoutesConfig routes) {
        routes.exception(Exception.class, (e, ctx) -> handle(unwrap(e), ctx));
        routes.error(404, ctx -> ifNoBody(ctx, new ApiError(404, "not_found", "no such route: " + ctx.method() + " " + ctx.path())));
        routes.error(405, ctx -> ifNoBody(ctx, new ApiError(405, "method_not_allowed", "method not allowed")));
        routes.error(413, ctx -> ifNoBody(ctx, RequestBodies.payloadTooLarge()));
        routes.error(500, ctx -> ifNoBody(ctx, new ApiError(500, "internal_server_error", "something went wrong on our side")));
    }

    private static void handle(final Throwable e, final Context ctx) {
        if (e instanceof ApiError api) {
            if (api.status() == 503) {
                ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            }
            Envelope.error(ctx, api);
            return;
        }
        if (e instanceof io.javalin.http.HttpResponseException http) {
            // Javalin's 413 comes from its limited read of a body without Content-Length.
            Envelope.error(ctx, http.getStatus() == 413 ? RequestBodies.payloadTooLarge()
                    : new ApiError(http.getStatus(), JettyErrors.codeOf(http.getStatus()), http.getMessage()));
            return;
        }
        if (endedEarly(e)) {
            // The client sent fewer bytes than its Content-Length and closed: its mistake, not ours.
            Envelope.error(ctx, ApiError.badRequest("the body ended before the length its Content-Length announced"));
            return;
        }
        LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
        Envelope.error(ctx, new ApiError(500, "internal_server_error", "something went wrong on our side"));
    }

    private static boolean endedEarly(final Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(final Throwable e) {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void ifNoBody(final Context ctx, final ApiError error) {
        final String current = ctx.result();
        // Handlers that answered with their own JSON body keep it; Jetty's and Javalin's plain-text ones are replaced.
        if (current == null || !current.startsWith("{")) {
            Envelope.error(ctx, error);
        }
    }
}
