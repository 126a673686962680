package org.kycorchestrator.sandbox.grid;

import java.util.Locale;

/**
 * The customer {@code fullName}s that choose a scenario. Grid's own sandbox decides by the suffix
 * of the full name ({@code 001} pending, {@code 002} rejected, {@code 003} resolve errors); like
 * the other simulated vendors, the last word of the name ("last name", compared case-insensitively)
 * picks the rest. Any other name is approved. The README has the same table.
 */
final class GridMagicValues {

    static final String SUFFIX_PENDING = "001";
    static final String SUFFIX_REJECTED = "002";
    static final String SUFFIX_RESOLVE_ERRORS = "003";
    /** Rejected, as a {@code 002} name. */
    static final String REJECT = "Reject";
    /** Recoverable: on {@code HOLD}, the verification missing an identity document. */
    static final String SOFT = "Soft";
    /** The verification waits in {@code PENDING_MANUAL_REVIEW}. */
    static final String REVIEW = "Review";
    /** The first KYC link call answers 429 {@code RATE_LIMITED}; later calls behave normally (approve). */
    static final String FLAKY = "Flaky";

    private GridMagicValues() {
    }

    /** The suffixes win over the last name: {@code "Ada Review002"} is rejected. */
    static GridOutcome outcomeFor(final String fullName) {
        final String name = fullName == null ? "" : fullName.trim();
        if (name.endsWith(SUFFIX_PENDING)) {
            return GridOutcome.PENDING;
        }
        if (name.endsWith(SUFFIX_REJECTED)) {
            return GridOutcome.REJECTED;
        }
        if (name.endsWith(SUFFIX_RESOLVE_ERRORS)) {
            return GridOutcome.RESOLVE_ERRORS;
        }
        final String lastName = lastName(name);
        if (lastName.equals(REJECT.toLowerCase(Locale.ROOT))) {
            return GridOutcome.REJECTED;
        }
        if (lastName.equals(SOFT.toLowerCase(Locale.ROOT))) {
            return GridOutcome.HOLD;
        }
        if (lastName.equals(REVIEW.toLowerCase(Locale.ROOT))) {
            return GridOutcome.MANUAL_REVIEW;
        }
        return GridOutcome.APPROVED;
    }

    static boolean rateLimitsFirstLink(final String fullName) {
        return lastName(fullName == null ? "" : fullName.trim()).equals(FLAKY.toLowerCase(Locale.ROOT));
    }

    /** The last word of the full name, in lower case; empty for no name. */
    private static String lastName(final String fullName) {
        final String[] words = fullName.split("\\s+");
        return words.length == 0 ? "" : words[words.length - 1].toLowerCase(Locale.ROOT);
    }
}
