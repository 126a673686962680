package org.kycorchestrator.workers.paycc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * The body of Paycc's init call, built from our profile and checked the way Paycc documents it
 * before anything is sent: every field required, {@code merchantCode} ≤ 20, {@code mobile} ≤ 10,
 * {@code email} ≤ 200, {@code name} ≤ 200, {@code pan} ≤ 11; the PAN shaped {@code AAAAA9999A} and
 * the mobile 10 digits. A refusal names the fields, never their values.
 */
record PayccInitBody(String merchantCode, String mobile, String email, String name, String pan) {

    static final int MERCHANT_CODE_MAX = 20;
    static final int MOBILE_MAX = 10;
    static final int EMAIL_MAX = 200;
    static final int NAME_MAX = 200;
    static final int PAN_MAX = 11;

    private static final Pattern PAN = Pattern.compile("[A-Z]{5}[0-9]{4}[A-Z]");
    private static final Pattern MOBILE = Pattern.compile("[0-9]{10}");
    /** Separators people write phone numbers with. */
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().-]");
    private static final String INDIA = "+91";

    /**
     * @throws VendorCallException 422 {@code unprocessable_content} naming every field that is
     *                             missing or cannot be sent
     */
    static PayccInitBody from(final String operation, final String merchantCode, final Profile profile) {
        if (profile == null) {
            throw new VendorCallException(operation, 422, "unprocessable_content",
                    "Paycc's init call needs the customer's profile (mobile, email, name, pan), and the link request carries none");
        }
        final List<String> problems = new ArrayList<>();
        final String mobile = mobile(profile.getPhone(), problems);
        final String email = required("email", trimmed(profile.getEmail()), EMAIL_MAX, problems);
        final String name = required("name", name(profile), NAME_MAX, problems);
        final String pan = pan(profile.getPan(), problems);
        if (!problems.isEmpty()) {
            throw new VendorCallException(operation, 422, "unprocessable_content",
                    "Paycc cannot take this profile: " + String.join("; ", problems));
        }
        return new PayccInitBody(merchantCode, mobile, email, name, pan);
    }

    /** The JSON, in the order of the docs. */
    ObjectNode toJson(final ObjectMapper json) {
        final ObjectNode body = json.createObjectNode();
        body.put("merchantCode", merchantCode);
        body.put("mobile", mobile);
        body.put("email", email);
        body.put("name", name);
        body.put("pan", pan);
        return body;
    }

    /** The personal values sent, so that a vendor message that echoes one can be cleaned of it. */
    List<String> personalValues() {
        return List.of(mobile, email, name, pan);
    }

    /** Keeps the personal data out of logs and messages. */
    @Override
    public String toString() {
        return "PayccInitBody[merchantCode=" + merchantCode + ", mobile=***, email=***, name=***, pan=***]";
    }

    /**
     * Our profile keeps the phone as the merchant wrote it; Paycc wants the 10 digits of an Indian
     * mobile. Separators and a leading {@code +91} are dropped; anything else must already be 10 digits.
     */
    private static String mobile(final String phone, final List<String> problems) {
        final String given = trimmed(phone);
        if (given == null) {
            problems.add("mobile (the profile's phone) is required");
            return null;
        }
        String digits = PHONE_SEPARATORS.matcher(given).replaceAll("");
        if (digits.startsWith(INDIA)) {
            digits = digits.substring(INDIA.length());
        }
        if (digits.length() > MOBILE_MAX) {
            problems.add("mobile (the profile's phone) must be at most " + MOBILE_MAX + " digits");
            return null;
        }
        if (!MOBILE.matcher(digits).matches()) {
            problems.add("mobile (the profile's phone) must be 10 digits");
            return null;
        }
        return digits;
    }

    private static String pan(final String value, final List<String> problems) {
        final String pan = required("pan", trimmed(value), PAN_MAX, problems);
        if (pan == null) {
            return null;
        }
        final String upper = pan.toUpperCase(Locale.ROOT);
        if (!PAN.matcher(upper).matches()) {
            problems.add("pan must be shaped AAAAA9999A (five letters, four digits, a letter)");
            return null;
        }
        return upper;
    }

    /** Paycc takes one {@code name}: ours is first and last name. */
    private static String name(final Profile profile) {
        final String first = trimmed(profile.getFirstName());
        final String last = trimmed(profile.getLastName());
        if (first == null || last == null) {
            return first == null ? last : first;
        }
        return first + " " + last;
    }

    private static String required(final String field, final String value, final int max, final List<String> problems) {
        if (value == null) {
            problems.add(field + " is required");
            return null;
        }
        if (value.length() > max) {
            problems.add(field + " must be at most " + max + " characters");
            return null;
        }
        return value;
    }

    private static String trimmed(final String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
