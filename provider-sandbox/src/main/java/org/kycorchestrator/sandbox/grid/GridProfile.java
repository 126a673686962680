package org.kycorchestrator.sandbox.grid;

import java.util.List;
import java.util.Map;

/**
 * The individual customer's fields the sandbox keeps. They are personal data: {@link #toString()}
 * never shows them, so a stray log line cannot leak them.
 */
record GridProfile(String fullName, String email, String phoneNumber, String birthDate, String nationality) {

    /** The fields, as named in Grid's request and response bodies. */
    static final List<String> FIELDS = List.of("fullName", "email", "phoneNumber", "birthDate", "nationality");

    static final GridProfile EMPTY = new GridProfile(null, null, null, null, null);

    /** This profile with the fields present in {@code changes} replaced (a {@code null} value clears one). */
    GridProfile merge(final Map<String, String> changes) {
        return new GridProfile(
                pick(changes, "fullName", fullName),
                pick(changes, "email", email),
                pick(changes, "phoneNumber", phoneNumber),
                pick(changes, "birthDate", birthDate),
                pick(changes, "nationality", nationality));
    }

    @Override
    public String toString() {
        return "GridProfile[redacted]";
    }

    private static String pick(final Map<String, String> changes, final String field, final String current) {
        return changes.containsKey(field) ? changes.get(field) : current;
    }
}
