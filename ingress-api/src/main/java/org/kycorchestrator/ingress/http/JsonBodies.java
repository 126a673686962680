package org.kycorchestrator.ingress.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import org.kycorchestrator.ingress.formats.FieldFormat;

/**
 * Reads a JSON request body and checks its fields, collecting every problem before answering,
 * so a merchant fixes all of them in one round. Each problem's message starts with the field's
 * path ({@code profile.email}) and never repeats the value sent, which may be personal data.
 */
public final class JsonBodies {

    /** Our bodies nest two levels; a deeper one is refused while it is parsed, before a tree is built. */
    static final int MAX_NESTING = 32;

    /** Strict JSON: one value, no field named twice (which would make "the" value a guess). */
    private static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    private final List<ApiError.Problem> problems = new ArrayList<>();

    /**
     * The body as a JSON object; an empty body reads as {@code {}} when {@code optional}. Anything
     * but {@code application/json} is a 415, a body that is not a UTF-8 JSON object a 400, and one
     * over {@link RequestBodies#MAX_JSON_BYTES} a 413 (Javalin stops reading there).
     */
    public static JsonNode object(final Context ctx, final boolean optional) {
        final byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            if (optional) {
                return Envelope.JSON.createObjectNode();
            }
            throw ApiError.badRequest("a JSON object body is required");
        }
        RequestBodies.requireJson(ctx.contentType());
        return parse(bytes);
    }

    /** The bytes as a JSON object, or a 400 saying where they stop being one. */
    static JsonNode parse(final byte[] bytes) {
        final String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("the body is not valid UTF-8");
        }
        final JsonNode node;
        try {
            node = READER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw ApiError.badRequest("the body is nested deeper than " + MAX_NESTING + " levels");
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the input, which may be personal data: only the place is told.
            throw ApiError.badRequest("the body is not valid JSON" + where(e.getLocation()));
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
                problem("bad_request", path + printable(name) + " is not a known field");
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

    /** An optional text that, when present, must have {@code format}; a value without it reads as absent. */
    public String optionalText(final JsonNode node, final String path, final String field, final int maxLength,
                               final FieldFormat format) {
        final String text = optionalText(node, path, field, maxLength);
        if (text == null) {
            return null;
        }
        final Optional<String> problem = format.problem(text);
        problem.ifPresent(p -> problem("bad_request", path + field + " " + p));
        return problem.isPresent() ? null : text;
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
        if (!isPlainText(text)) {
            problem("bad_request", name + " must be text without control characters or unpaired surrogates");
            return null;
        }
        return text;
    }

    /** No control characters (they only serve to break the logs and screens that show a value) and whole characters only. */
    private static boolean isPlainText(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** An unknown field's name as it can be shown: a merchant's typo is worth seeing, a megabyte of junk is not. */
    private static String printable(final String name) {
        final String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return isPlainText(shown) ? shown : "(a field whose name has control characters)";
    }

    private static String where(final JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
