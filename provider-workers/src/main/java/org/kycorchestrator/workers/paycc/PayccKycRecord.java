package org.kycorchestrator.workers.paycc;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the one thing we keep from Paycc's KYC record ({@code data.kyc}): whether the face matched,
 * as a reason code. Everything else in it (name, masked Aadhaar, date of birth, photo, address,
 * PAN) is personal data and is never read out.
 */
final class PayccKycRecord {

    static final String FACE_MATCH_PASSED = "FACE_MATCH_PASSED";
    static final String FACE_MATCH_FAILED = "FACE_MATCH_FAILED";
    /** A face match given in a form we cannot read, e.g. a bare score: the docs give no threshold. */
    static final String FACE_MATCH_UNKNOWN = "FACE_MATCH_UNKNOWN";

    private static final Set<String> PASSED = Set.of("true", "yes", "y", "match", "matched", "pass", "passed",
            "success", "successful", "verified");
    private static final Set<String> FAILED = Set.of("false", "no", "n", "no_match", "nomatch", "not_matched",
            "notmatched", "mismatch", "fail", "failed", "failure", "not_verified");
    /** Where a face match given as an object keeps its verdict. */
    private static final List<String> VERDICT_FIELDS = List.of("match", "matched", "result", "status");

    private PayccKycRecord() {
    }

    /** The reason codes of a done KYC: its face match result, when the record has one. */
    static List<String> reasons(final JsonNode kyc) {
        final JsonNode faceMatch = kyc.path("faceMatch");
        if (faceMatch.isMissingNode() || faceMatch.isNull()) {
            return List.of();
        }
        return List.of(faceMatch(faceMatch, true));
    }

    private static String faceMatch(final JsonNode value, final boolean lookInside) {
        if (value.isBoolean()) {
            return value.booleanValue() ? FACE_MATCH_PASSED : FACE_MATCH_FAILED;
        }
        if (value.isTextual()) {
            final String word = value.asText().trim().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
            if (PASSED.contains(word)) {
                return FACE_MATCH_PASSED;
            }
            return FAILED.contains(word) ? FACE_MATCH_FAILED : FACE_MATCH_UNKNOWN;
        }
        if (value.isObject() && lookInside) {
            for (final String field : VERDICT_FIELDS) {
                if (value.hasNonNull(field)) {
                    return faceMatch(value.get(field), false);
                }
            }
        }
        return FACE_MATCH_UNKNOWN;
    }
}
