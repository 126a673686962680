package org.kycorchestrator.sandbox.capa;

import java.util.Locale;

/**
 * The last names (compared case-insensitively, ignoring surrounding blanks) that choose the verdict
 * of a submitted KYC. Capa's API never receives a name: the end user types it into the hosted flow
 * behind the link, so that is where the sandbox reads it. The README has the same table.
 */
final class CapaMagicValues {

    /** Verdict {@code REJECTED}, webhook {@code REJECTED_KYC}: Capa's final rejection. */
    static final String REJECT = "Reject";
    /** Verdict {@code REVIEW_NEEDED}, webhook {@code REVIEW_NEEDED_KYC}; it stays there, no later verdict. */
    static final String REVIEW = "Review";
    /**
     * Capa has no recoverable failure (nothing like "fix the data and verify again"), so this name
     * has no scenario of its own: it is verified like any other.
     */
    static final String SOFT = "Soft";

    private CapaMagicValues() {
    }

    static CapaKycStatus verdictFor(final String lastName) {
        if (is(lastName, REJECT)) {
            return CapaKycStatus.REJECTED;
        }
        if (is(lastName, REVIEW)) {
            return CapaKycStatus.REVIEW_NEEDED;
        }
        return CapaKycStatus.VERIFIED;
    }

    private static boolean is(final String lastName, final String magic) {
        return lastName != null && lastName.trim().toLowerCase(Locale.ROOT).equals(magic.toLowerCase(Locale.ROOT));
    }
}
