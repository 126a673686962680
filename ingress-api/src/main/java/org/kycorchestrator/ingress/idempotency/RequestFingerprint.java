package org.kycorchestrator.ingress.idempotency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;

/**
 * What makes two requests the same request: the method, the path, the tenant and the body, read
 * as JSON so that spacing and the order of fields do not matter. An empty body is the same as
 * {@code {}}, as the routes that take an optional body read it. A body that is not JSON (a
 * multipart upload, whose boundary differs on every send) is represented by the command it made.
 */
public final class RequestFingerprint {

    private static final JsonMapper CANONICAL = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    private RequestFingerprint() {
    }

    /**
     * The hex SHA-256 of the request; {@code command}, the command's payload, stands for a body that
     * is not JSON. A route that reads a JSON body must have read it (it is kept) before.
     */
    public static String of(final Context ctx, final String tenantId, final Object command) {
        final String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        // A multipart body was read by its route as parts; reading its bytes again would find nothing.
        final boolean readable = ctx.contentLength() == 0 || contentType.isEmpty() || isJson(contentType);
        final byte[] body = readable ? ctx.bodyAsBytes() : null;
        return of(ctx.method().name(), ctx.path(), tenantId, contentType, body, command);
    }

    /** @param body the body as sent, or {@code null} when it is not JSON and was read by its route */
    static String of(final String method, final String path, final String tenantId, final String contentType,
                     final byte[] body, final Object command) {
        final MessageDigest sha256 = sha256();
        for (String part : new String[] {method, path, tenantId}) {
            sha256.update(part.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        sha256.update(canonicalBody(contentType, body, command));
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static byte[] canonicalBody(final String contentType, final byte[] body, final Object command) {
        if (body != null && body.length == 0) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        if (body == null || !isJson(contentType)) {
            return String.valueOf(command).getBytes(StandardCharsets.UTF_8);
        }
        try {
            final JsonNode tree = CANONICAL.readTree(body);
            return CANONICAL.writeValueAsBytes(tree);
        } catch (IOException e) {
            // The route accepted the body, so this does not happen; the bytes as sent still identify it.
            return body;
        }
    }

    private static boolean isJson(final String contentType) {
        return contentType.startsWith("application/json");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
