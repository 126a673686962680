package org.kycorchestrator.sandbox.xgateway;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads xGateway request bodies. Every way a body can be wrong ends in one 400 {@code bad_request},
 * whose message names the offending field but never echoes its value (it may be personal data).
 */
final class XGatewayRequestBodies {

    /** A SHA-256 digest is 32 bytes. */
    private static final int SHA_256_BYTES = 32;

    private final ObjectMapper json;

    XGatewayRequestBodies(final ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json cannot be null");
    }

    /** A required JSON object body. */
    JsonNode requiredObject(final byte[] body) {
        if (body.length == 0) {
            throw XGatewayApiException.badRequest("The request body is required.");
        }
        return object(body);
    }

    /** An optional body: none reads as {@code {}}, anything sent must still be a JSON object. */
    JsonNode optionalObject(final byte[] body) {
        return body.length == 0 ? json.createObjectNode() : object(body);
    }

    /**
     * The profile fields present in the user call's body ({@code null} where sent as null, which
     * clears them). The agreement hashes must be base64 SHA-256, as the docs define them.
     */
    static Map<String, String> profileChanges(final JsonNode body) {
        final Map<String, String> changes = new LinkedHashMap<>();
        for (final String field : XGatewayProfile.FIELDS) {
            if (body.has(field)) {
                changes.put(field, optionalString(body, field));
            }
        }
        XGatewayProfile.HASH_FIELDS.forEach(field -> requireSha256OrNull(field, changes.get(field)));
        return changes;
    }

    static String optionalString(final JsonNode body, final String field) {
        final JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw XGatewayApiException.badRequest(field + " must be a string.");
        }
        return value.textValue();
    }

    static void optionalBoolean(final JsonNode body, final String field) {
        final JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !value.isBoolean()) {
            throw XGatewayApiException.badRequest(field + " must be a boolean.");
        }
    }

    private JsonNode object(final byte[] body) {
        final JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw XGatewayApiException.badRequest("The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw XGatewayApiException.badRequest("The request body must be a JSON object.");
        }
        return node;
    }

    private static void requireSha256OrNull(final String field, final String value) {
        if (value == null) {
            return;
        }
        try {
            if (Base64.getDecoder().decode(value).length == SHA_256_BYTES) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // not base64: refused below, like a digest of the wrong length
        }
        throw XGatewayApiException.badRequest(field + " must be the base64 SHA-256 hash of the accepted document.");
    }
}
