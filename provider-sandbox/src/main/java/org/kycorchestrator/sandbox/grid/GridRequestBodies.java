package org.kycorchestrator.sandbox.grid;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads Grid request bodies. Every way a body can be wrong ends in one 400 {@code INVALID_INPUT},
 * whose message and {@code details.errors} name the offending field but never echo its value (it
 * may be personal data).
 */
final class GridRequestBodies {

    static final String CUSTOMER_TYPE = "customerType";
    static final String PLATFORM_CUSTOMER_ID = "platformCustomerId";
    static final String REDIRECT_URI = "redirectUri";

    private final ObjectMapper json;

    GridRequestBodies(final ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json cannot be null");
    }

    /** A required JSON object body. */
    JsonNode requiredObject(final byte[] body) {
        if (body.length == 0) {
            throw GridApiException.invalidInput("The request body is required.");
        }
        return object(body);
    }

    /** An optional body: none reads as {@code {}}, anything sent must still be a JSON object. */
    JsonNode optionalObject(final byte[] body) {
        return body.length == 0 ? json.createObjectNode() : object(body);
    }

    /**
     * The {@code customerType} of a create or update: required, and {@code INDIVIDUAL}, the only
     * type the sandbox simulates ({@code BUSINESS} customers go through KYB, which it does not).
     */
    static void requireIndividual(final JsonNode body) {
        final String type = optionalString(body, CUSTOMER_TYPE);
        if (type == null) {
            throw GridApiException.invalidField(CUSTOMER_TYPE, "is required");
        }
        if (!GridJson.INDIVIDUAL.equals(type)) {
            throw GridApiException.invalidField(CUSTOMER_TYPE, "must be INDIVIDUAL (the sandbox simulates no BUSINESS customers)");
        }
    }

    /** The profile fields present in the body ({@code null} where sent as null), checked for their format. */
    static Map<String, String> profileChanges(final JsonNode body) {
        final Map<String, String> changes = new LinkedHashMap<>();
        for (final String field : GridProfile.FIELDS) {
            if (body.has(field)) {
                changes.put(field, optionalString(body, field));
            }
        }
        final String birthDate = changes.get("birthDate");
        if (birthDate != null) {
            try {
                LocalDate.parse(birthDate);
            } catch (DateTimeParseException e) {
                throw GridApiException.invalidField("birthDate", "must be a date written YYYY-MM-DD");
            }
        }
        final String nationality = changes.get("nationality");
        if (nationality != null && !nationality.matches("[A-Z]{2}")) {
            throw GridApiException.invalidField("nationality", "must be an ISO 3166-1 alpha-2 country code");
        }
        return changes;
    }

    /** The optional {@code redirectUri} of a KYC link request: an http(s) URI. */
    static String redirectUri(final JsonNode body) {
        final String uri = optionalString(body, REDIRECT_URI);
        if (uri != null && !(uri.startsWith("https://") || uri.startsWith("http://"))) {
            throw GridApiException.invalidField(REDIRECT_URI, "must start with https:// (or http:// for local development)");
        }
        return uri;
    }

    static String optionalString(final JsonNode body, final String field) {
        final JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw GridApiException.invalidField(field, "must be a string");
        }
        return value.textValue();
    }

    private JsonNode object(final byte[] body) {
        final JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw GridApiException.invalidInput("The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw GridApiException.invalidInput("The request body must be a JSON object.");
        }
        return node;
    }
}
