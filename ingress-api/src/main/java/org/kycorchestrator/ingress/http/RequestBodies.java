package org.kycorchestrator.ingress.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

/**
 * What the merchant routes take as a request body, checked before any of their handlers runs, in
 * one place: {@code application/json} in UTF-8, at most {@value #MAX_JSON_BYTES} bytes; or
 * {@code multipart/form-data} on the upload routes given to the constructor (document uploads, which
 * set their own size limits). Any other body is a 415, a larger one a 413, told by its
 * {@code Content-Length} without reading it; a chunked body is cut off by Javalin's own limit
 * (the same number, set by {@code IngressApi}), so an unbounded one is never held in memory.
 *
 * <p>A request that carries no body needs no content type. Vendor callbacks are not merchant routes:
 * vendors send what they send, and their signatures cover the raw bytes.
 *
 * <p>A body that was answered without being read to its end (a 401, a 404, a route that takes none,
 * a 413) is read on and dropped before the answer goes, up to {@value #DROP_LIMIT} bytes in all:
 * Jetty closes a connection whose request was not read to the end, and a client still sending its
 * body then gets a reset instead of the answer. Dropping costs no memory; a larger body is cut off,
 * and its sender sees the connection close.
 */
public final class RequestBodies {

    public static final long MAX_JSON_BYTES = 1_048_576L;
    static final long DROP_LIMIT = 4 * MAX_JSON_BYTES;

    private static final String JSON = "application/json";
    private static final String MULTIPART = "multipart/form-data";

    private final Set<String> uploadRoutes;

    /** @param uploadRoutes path templates, as registered, of the routes that take {@code multipart/form-data} */
    public RequestBodies(final Set<String> uploadRoutes) {
        this.uploadRoutes = Set.copyOf(Objects.requireNonNull(uploadRoutes, "uploadRoutes cannot be null"));
    }

    public void register(final RoutesConfig routes) {
        routes.beforeMatched(this::check);
        routes.after(RequestBodies::dropUnread);
    }

    private void check(final Context ctx) {
        if (!MerchantRoutes.contains(ctx.path()) || !carriesBody(ctx)) {
            return;
        }
        final String encoding = ctx.header("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            throw new ApiError(415, "unsupported_media_type", "request bodies cannot be compressed (Content-Encoding)");
        }
        final Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null && uploadRoutes.contains(endpoint.path)) {
            if (!MULTIPART.equals(mediaType(ctx.contentType()))) {
                throw new ApiError(415, "unsupported_media_type", "the body must be multipart/form-data");
            }
            return;
        }
        requireJson(ctx.contentType());
        final String length = ctx.header("Content-Length");
        if (length != null && isLongerThan(length.trim(), MAX_JSON_BYTES)) {
            throw payloadTooLarge();
        }
    }

    private static void dropUnread(final Context ctx) {
        final String length = ctx.header("Content-Length");
        if (!carriesBody(ctx) || length != null && isLongerThan(length.trim(), DROP_LIMIT)) {
            return;
        }
        try {
            final InputStream body = ctx.req().getInputStream();
            final byte[] buffer = new byte[8192];
            long left = DROP_LIMIT;
            for (int read = 0; left > 0 && read >= 0; read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) {
                left -= read;
            }
        } catch (IOException | RuntimeException e) {
            // The body was read as text already, or the client is gone: nothing is left to drop, or no one to answer.
        }
    }

    /** A 415 unless the content type is JSON, in UTF-8 when a charset is named (RFC 8259 allows no other). */
    static void requireJson(final String contentType) {
        if (!JSON.equals(mediaType(contentType))) {
            throw new ApiError(415, "unsupported_media_type", "the body must be application/json");
        }
        for (String parameter : contentType.split(";")) {
            final int equals = parameter.indexOf('=');
            if (equals > 0 && "charset".equalsIgnoreCase(parameter.substring(0, equals).trim())) {
                final String charset = parameter.substring(equals + 1).trim().replace("\"", "");
                if (!"utf-8".equalsIgnoreCase(charset)) {
                    throw new ApiError(415, "unsupported_media_type", "JSON bodies must be UTF-8");
                }
            }
        }
    }

    static ApiError payloadTooLarge() {
        return new ApiError(413, "payload_too_large", "the body must be at most " + MAX_JSON_BYTES + " bytes (1 MB)");
    }

    /** {@code type/subtype} in lower case, without parameters; empty when there is none. */
    private static String mediaType(final String contentType) {
        if (contentType == null) {
            return "";
        }
        final int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean carriesBody(final Context ctx) {
        final String length = ctx.header("Content-Length");
        return ctx.header("Transfer-Encoding") != null || length != null && !"0".equals(length.trim());
    }

    /** Whether a Content-Length says more than {@code max}; one that is not a number is Jetty's to refuse. */
    private static boolean isLongerThan(final String length, final long max) {
        if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Long.parseLong(length) > max;
    }
}
