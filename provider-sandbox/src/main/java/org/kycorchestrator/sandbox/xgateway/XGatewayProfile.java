package org.kycorchestrator.sandbox.xgateway;

import java.util.List;
import java.util.Map;

/**
 * The user profile fields the sandbox keeps. They are personal data: {@link #toString()} never
 * shows them, so a stray log line cannot leak them.
 */
record XGatewayProfile(String firstName, String lastName, String email, String phone, String country,
                       String dateOfBirth) {

    /** The fields, as named in the request body. */
    static final List<String> FIELDS = List.of("firstName", "lastName", "email", "phone", "country", "dateOfBirth");

    static final XGatewayProfile EMPTY = new XGatewayProfile(null, null, null, null, null, null);

    /** This profile with the fields present in {@code changes} replaced (a {@code null} value clears one). */
    XGatewayProfile merge(final Map<String, String> changes) {
        return new XGatewayProfile(
                pick(changes, "firstName", firstName),
                pick(changes, "lastName", lastName),
                pick(changes, "email", email),
                pick(changes, "phone", phone),
                pick(changes, "country", country),
                pick(changes, "dateOfBirth", dateOfBirth));
    }

    @Override
    public String toString() {
        return "XGatewayProfile[redacted]";
    }

    private static String pick(final Map<String, String> changes, final String field, final String current) {
        return changes.containsKey(field) ? changes.get(field) : current;
    }
}
