package org.kycorchestrator.ingress.operations;

import java.util.UUID;
import java.util.regex.Pattern;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.MDC;

/**
 * Gives every request an id: the caller's {@code x-request-id} when it is well-formed (letters,
 * digits and {@code . _ : -}, at most 128), else a new UUID. The id is echoed in the response's
 * {@code x-request-id} and is in the logging MDC as {@value #MDC_KEY} while the request's thread
 * works on it, so that every log line of the request carries it. An id that is not well-formed is
 * replaced rather than cleaned, so nothing a caller sends can forge a log line.
 *
 * <p>A Jetty handler, outside Javalin, so that even requests Javalin never sees (rejected while
 * shutting down, say) get an id, and so that the MDC is cleared when the thread is handed back.
 */
final class RequestIds extends Handler.Wrapper {

    static final String HEADER = "x-request-id";
    static final String MDC_KEY = "requestId";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback) throws Exception {
        final String id = idFor(request.getHeaders().get(HEADER));
        response.getHeaders().put(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            return super.handle(request, response, callback);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The caller's id if it is well-formed, else a new one. */
    static String idFor(final String given) {
        return given != null && WELL_FORMED.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
