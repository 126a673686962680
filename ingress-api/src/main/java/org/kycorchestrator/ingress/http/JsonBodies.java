package org.kycorchestrator.ingress.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/**
 * Reads a JSON request body and checks its fields, collecting every problem before answering,
 * so a merchant fixes all of them in one round.
 */
public final class JsonBodies {

    private final List<ApiError.Problem> problems = new ArrayList<>();

    /** The body as a JSON object; an empty body reads as {@code {}} when {@code optional}. */
    public static JsonNode object(final Context ctx, final boolean optional) {
        final byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0 && optional) {
            return Envelope.JSON.createObjectNode();
        }
        final String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json")) {
            throw new ApiError(415, "unsupported_media_type", "the body must be application/json");
        }
        final JsonNode node;
        try {
            node = Envelope.JSON.readTree(bytes);
        } catch (Exception e) {
            throw ApiError.badRequest("the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return node;
    }

    public JsonBodies onlyFields(final JsonNode node, final String path, final Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            if (!allowed.contains(name)) {
                problem("bad_request", path + name + " is not a known field");
            }
        }
        return this;
    }

    public String requiredText(final JsonNode node, final String path, final String field, final int maxLength) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problem("bad_request", path + field + " is required");
            return null;
        }
        return text(value, path + field, maxLength);
    }

    public String optionalText(final JsonNode node, final String path, final String field, final int maxLength) {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : text(value, path + field, maxLength);
    }

    public JsonNode optionalObject(final JsonNode node, final String path, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Envelope.JSON.createObjectNode();
        }
        if (!value.isObject()) {
            problem("bad_request", path + field + " must be an object");
            return Envelope.JSON.createObjectNode();
        }
        return value;
    }

    public List<String> optionalTextArray(final JsonNode node, final String path, final String field, final List<String> fallback) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isArray() || value.isEmpty()) {
            problem("bad_request", path + field + " must be a non-empty array of strings");
            return fallback;
        }
        final List<String> texts = new ArrayList<>();
        value.forEach(item -> {
            if (item.isTextual() && !item.asText().isBlank()) {
                texts.add(item.asText());
            } else {
                problem("bad_request", path + field + " must hold only non-empty strings");
            }
        });
        return texts;
    }

    /** An integer from {@code min} to {@code max}, or {@code null} when absent or null. */
    public Integer optionalInt(final JsonNode node, final String path, final String field, final int min, final int max) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            problem("bad_request", path + field + " must be a whole number from " + min + " to " + max);
            return null;
        }
        return value.intValue();
    }

    public void problem(final String code, final String message) {
        problems.add(new ApiError.Problem(code, message));
    }

    /** Throws every problem found, as one 400. */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new ApiError(400, problems);
        }
    }

    private String text(final JsonNode value, final String name, final int maxLength) {
        if (!value.isTextual()) {
            problem("bad_request", name + " must be a string");
            return null;
        }
        final String text = value.asText().trim();
        if (text.isEmpty()) {
            problem("bad_request", name + " must not be empty");
            return null;
        }
        if (text.length() > maxLength) {
            problem("bad_request", name + " must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }
}
