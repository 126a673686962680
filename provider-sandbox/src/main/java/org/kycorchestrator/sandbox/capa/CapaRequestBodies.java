package org.kycorchestrator.sandbox.capa;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and validates Capa request bodies. Every problem of a body is listed in one 400
 * {@code INVALID_USER_INPUT_ERROR}, naming the fields but never echoing their values.
 */
final class CapaRequestBodies {

    static final List<String> USER_TYPES = List.of("INDIVIDUAL", "BUSINESS");
    /** Capa does KYC for Mexico and the Dominican Republic only. */
    static final List<String> KYC_COUNTRIES = List.of("MX", "DO");
    static final String MEXICO = "MX";
    /** Capa's SupportedUserProfessions. */
    static final List<String> PROFESSIONS = List.of("Employee", "Public Servant", "Entrepreneur or Contractor", "Student", "Other");

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    /** International format: a plus sign and up to 15 digits, the first not a zero (ITU-T E.164). */
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
    /** A person's RFC as Capa checks it: 4 letters, the birth date as 6 digits, a 3-character homoclave. */
    private static final Pattern RFC = Pattern.compile("^[A-Z]{4}\\d{6}[A-Z0-9]{3}$");
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    /** The create-user body. Personal data: {@link #toString()} never shows it. */
    record NewUser(String type, String email, String externalUserId) {
        @Override
        public String toString() {
            return "NewUser[redacted]";
        }
    }

    /** The verification-link body; {@code personalInfo} is {@code null} when not sent. */
    record LinkRequest(String userId, String country, String partnerRedirectUri, CapaPersonalInfo personalInfo) {
        @Override
        public String toString() {
            return "LinkRequest[userId=" + userId + ", country=" + country + "]";
        }
    }

    private final ObjectMapper json;

    CapaRequestBodies(final ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json cannot be null");
    }

    /**
     * {@code {type, email, externalUserId?, alias?}}: a type other than INDIVIDUAL or BUSINESS, or
     * a missing email, is an {@code INVALID_USER_INPUT_ERROR}; an email that is not an address is the
     * documented 400 {@code BAD_REQUEST} "Provided email is not valid".
     */
    NewUser newUser(final byte[] body) {
        final JsonNode node = object(body);
        final List<String> problems = new ArrayList<>();
        final String type = string(node, "type", true, problems);
        if (type != null && !USER_TYPES.contains(type)) {
            problems.add("type must be INDIVIDUAL or BUSINESS");
        }
        final String email = string(node, "email", true, problems);
        final String externalUserId = string(node, "externalUserId", false, problems);
        string(node, "alias", false, problems);
        failOn(problems);
        if (!EMAIL.matcher(email).matches()) {
            throw CapaApiException.invalidEmail();
        }
        return new NewUser(type, email, externalUserId);
    }

    /**
     * {@code {userId, country, partnerRedirectUri, personalInfo?}}. The country must be one Capa
     * does KYC for; {@code personalInfo} is required for Mexico and checked field by field wherever
     * it is sent.
     */
    LinkRequest linkRequest(final byte[] body) {
        final JsonNode node = object(body);
        final List<String> problems = new ArrayList<>();
        final String userId = string(node, "userId", true, problems);
        final String country = string(node, "country", true, problems);
        if (country != null && !KYC_COUNTRIES.contains(country)) {
            problems.add("country must be one of " + String.join(", ", KYC_COUNTRIES));
        }
        final String redirect = string(node, "partnerRedirectUri", true, problems);
        if (redirect != null && !isHttpUrl(redirect)) {
            problems.add("partnerRedirectUri must be an absolute http(s) URL");
        }
        final CapaPersonalInfo personalInfo = personalInfo(node.get("personalInfo"), MEXICO.equals(country), problems);
        failOn(problems);
        return new LinkRequest(userId, country, redirect, personalInfo);
    }

    private static CapaPersonalInfo personalInfo(final JsonNode node, final boolean required, final List<String> problems) {
        if (node == null || node.isNull()) {
            if (required) {
                problems.add("personalInfo is required when the country is MX");
            }
            return null;
        }
        if (!node.isObject()) {
            problems.add("personalInfo must be an object");
            return null;
        }
        final String profession = string(node, "profession", required, problems, "personalInfo.");
        if (profession != null && !PROFESSIONS.contains(profession)) {
            problems.add("personalInfo.profession must be one of " + String.join(", ", PROFESSIONS));
        }
        final String phone = string(node, "phoneNumber", required, problems, "personalInfo.");
        if (phone != null && !E164.matcher(phone).matches()) {
            problems.add("personalInfo.phoneNumber must be in international format, e.g. +5255...");
        }
        final String birthCountry = string(node, "birthCountry", required, problems, "personalInfo.");
        if (birthCountry != null && !ISO_COUNTRIES.contains(birthCountry)) {
            problems.add("personalInfo.birthCountry must be an ISO 3166-1 alpha-2 country code");
        }
        final String taxId = string(node, "taxId", required, problems, "personalInfo.");
        if (taxId != null && !RFC.matcher(taxId).matches()) {
            problems.add("personalInfo.taxId must be a Mexican RFC: 4 letters, 6 digits and 3 letters or digits");
        }
        return new CapaPersonalInfo(profession, phone, birthCountry, taxId);
    }

    private JsonNode object(final byte[] body) {
        if (body.length == 0) {
            throw CapaApiException.invalidInput("the request body is required");
        }
        final JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw CapaApiException.invalidInput("the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw CapaApiException.invalidInput("the request body must be a JSON object");
        }
        return node;
    }

    private static String string(final JsonNode body, final String field, final boolean required, final List<String> problems) {
        return string(body, field, required, problems, "");
    }

    private static String string(final JsonNode body, final String field, final boolean required, final List<String> problems,
                                 final String path) {
        final JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(path + field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            problems.add(path + field + " must be a non-empty string");
            return null;
        }
        return value.textValue();
    }

    private static void failOn(final List<String> problems) {
        if (!problems.isEmpty()) {
            throw CapaApiException.invalidInput(String.join("; ", problems));
        }
    }

    private static boolean isHttpUrl(final String text) {
        try {
            final URI uri = URI.create(text);
            final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
