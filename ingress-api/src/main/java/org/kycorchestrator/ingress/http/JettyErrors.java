package org.kycorchestrator.ingress.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before Javalin sees the request (a header or URI too long, a
 * request line or path it cannot parse), in our envelope rather than Jetty's HTML page.
 */
public final class JettyErrors extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(final String method) {
        return true;
    }

    @Override
    protected void generateResponse(final Request request, final Response response, final int code, final String message,
                                    final Throwable cause, final Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(envelope(code)), callback);
    }

    /** The envelope for a status; Jetty's reason phrase is not used, as it may quote the request. */
    static byte[] envelope(final int status) {
        final Map<String, String> problem = new LinkedHashMap<>();
        problem.put("code", codeOf(status));
        problem.put("message", messageOf(status));
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("errors", List.of(problem));
        try {
            return Envelope.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return "{\"success\":false,\"errors\":[]}".getBytes(StandardCharsets.UTF_8);
        }
    }

    static String codeOf(final int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 411 -> "length_required";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "request_header_fields_too_large";
            case 501 -> "not_implemented";
            case 503 -> "service_unavailable";
            case 505 -> "http_version_not_supported";
            default -> status >= 500 ? "internal_server_error" : "bad_request";
        };
    }

    private static String messageOf(final int status) {
        return switch (status) {
            case 413 -> "the body must be at most " + RequestBodies.MAX_JSON_BYTES + " bytes (1 MB)";
            case 414 -> "the URI is too long";
            case 431 -> "the request's headers are too large";
            default -> {
                final String reason = HttpStatus.getMessage(status);
                yield reason == null ? "the request cannot be served" : "the request cannot be served: " + reason;
            }
        };
    }
}
