package org.kycorchestrator.sandbox.xgateway;

import java.util.List;
import java.util.Map;

/**
 * The user profile fields the sandbox keeps, including the accepted agreements, which xGateway keeps
 * on the profile as base64 SHA-256 hashes of the documents. They are personal data: {@link
 * #toString()} never shows them, so a stray log line cannot leak them.
 */
record XGatewayProfile(String firstName, String lastName, String email, String phone, String country,
                       String dateOfBirth, String acceptedPrivacyPolicyHash, String acceptedTermsAndConditionsHash) {

    static final String PRIVACY_POLICY_HASH = "acceptedPrivacyPolicyHash";
    static final String TERMS_AND_CONDITIONS_HASH = "acceptedTermsAndConditionsHash";

    /** The fields, as named in the request body. */
    static final List<String> FIELDS = List.of("firstName", "lastName", "email", "phone", "country", "dateOfBirth",
            PRIVACY_POLICY_HASH, TERMS_AND_CONDITIONS_HASH);

    /** The fields whose value must be a base64 SHA-256 hash. */
    static final List<String> HASH_FIELDS = List.of(PRIVACY_POLICY_HASH, TERMS_AND_CONDITIONS_HASH);

    static final XGatewayProfile EMPTY = new XGatewayProfile(null, null, null, null, null, null, null, null);

    /** This profile with the fields present in {@code changes} replaced (a {@code null} value clears one). */
    XGatewayProfile merge(final Map<String, String> changes) {
        return new XGatewayProfile(
                pick(changes, "firstName", firstName),
                pick(changes, "lastName", lastName),
                pick(changes, "email", email),
                pick(changes, "phone", phone),
                pick(changes, "country", country),
                pick(changes, "dateOfBirth", dateOfBirth),
                pick(changes, PRIVACY_POLICY_HASH, acceptedPrivacyPolicyHash),
                pick(changes, TERMS_AND_CONDITIONS_HASH, acceptedTermsAndConditionsHash));
    }

    /** Both the privacy policy and the terms and conditions have been accepted. */
    boolean agreementsAccepted() {
        return acceptedPrivacyPolicyHash != null && acceptedTermsAndConditionsHash != null;
    }

    @Override
    public String toString() {
        return "XGatewayProfile[redacted]";
    }

    private static String pick(final Map<String, String> changes, final String field, final String current) {
        return changes.containsKey(field) ? changes.get(field) : current;
    }
}
