package org.kycorchestrator.sandbox.paycc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of {@code POST /v1/service/paycc/init/kyc}: five required strings, each with the
 * documented maximum length, plus the formats that make them usable (a PAN like {@code AAAAA9999A},
 * a 10-digit mobile). Every field in error is reported at once as {@code 0x0203 MISSING_PARAMETER},
 * naming the field and never echoing its value.
 */
record PayccInitRequest(String merchantCode, String mobile, String email, String name, String pan) {

    /** The documented fields with their maximum lengths, in the docs' order. */
    static final Map<String, Integer> MAX_LENGTHS = orderedMaxLengths();

    private static final Pattern PAN = Pattern.compile("[A-Z]{5}[0-9]{4}[A-Z]");
    private static final Pattern MOBILE = Pattern.compile("[0-9]{10}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    static PayccInitRequest parse(final ObjectMapper json, final byte[] body) {
        final JsonNode node;
        try {
            node = body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            throw PayccApiException.failure("The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw PayccApiException.failure("The request body must be a JSON object.");
        }
        final Map<String, List<String>> errors = new LinkedHashMap<>();
        final Map<String, String> values = new LinkedHashMap<>();
        MAX_LENGTHS.forEach((field, max) -> {
            final String value = text(node, field, max, errors);
            values.put(field, value);
        });
        check(values.get("pan"), PAN, "pan", "The pan must be a PAN like AAAAA9999A.", errors);
        check(values.get("mobile"), MOBILE, "mobile", "The mobile must be 10 digits.", errors);
        check(values.get("email"), EMAIL, "email", "The email must be a valid e-mail address.", errors);
        if (!errors.isEmpty()) {
            throw PayccApiException.missingParameter(errors);
        }
        return new PayccInitRequest(values.get("merchantCode"), values.get("mobile"), values.get("email"),
                values.get("name"), values.get("pan"));
    }

    /** The last word of the name, which picks the sandbox scenario (see {@link PayccMagicValues}). */
    String lastWordOfName() {
        final String[] words = name.trim().split("\\s+");
        return words[words.length - 1];
    }

    private static String text(final JsonNode body, final String field, final int max,
                               final Map<String, List<String>> errors) {
        final JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.isTextual() && value.textValue().isBlank()) {
            add(errors, field, "The " + field + " field is required.");
            return null;
        }
        if (!value.isTextual()) {
            add(errors, field, "The " + field + " must be a string.");
            return null;
        }
        if (value.textValue().length() > max) {
            add(errors, field, "The " + field + " may not be greater than " + max + " characters.");
            return null;
        }
        return value.textValue();
    }

    private static void check(final String value, final Pattern format, final String field, final String error,
                              final Map<String, List<String>> errors) {
        if (value != null && !format.matcher(value).matches()) {
            add(errors, field, error);
        }
    }

    private static void add(final Map<String, List<String>> errors, final String field, final String error) {
        errors.computeIfAbsent(field, key -> new ArrayList<>()).add(error);
    }

    private static Map<String, Integer> orderedMaxLengths() {
        final Map<String, Integer> lengths = new LinkedHashMap<>();
        lengths.put("merchantCode", PayccSandboxSettings.MERCHANT_CODE_MAX);
        lengths.put("mobile", 10);
        lengths.put("email", 200);
        lengths.put("name", 200);
        lengths.put("pan", 11);
        return java.util.Collections.unmodifiableMap(lengths);
    }

    /** Keeps the personal data out of logs and exception messages. */
    @Override
    public String toString() {
        return "PayccInitRequest[merchantCode=" + merchantCode + ", mobile=***, email=***, name=***, pan=***]";
    }
}
