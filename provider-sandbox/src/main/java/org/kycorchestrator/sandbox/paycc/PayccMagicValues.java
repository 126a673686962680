package org.kycorchestrator.sandbox.paycc;

import java.util.Locale;

/**
 * The last words of the init call's {@code name} (compared case-insensitively) that choose a
 * scenario, like a real vendor's sandbox does. Any other last word is approved. The README has the
 * same table.
 */
final class PayccMagicValues {

    /** The KYC ends {@code 0x0202 FAILURE}: rejected. */
    static final String REJECT = "Reject";
    /** The KYC ends {@code 0x0202 FAILURE}: not completed (Paycc has no recoverable failure). */
    static final String SOFT = "Soft";
    /** The KYC answers {@code 0x0206 PENDING} on every poll (Paycc has no manual review). */
    static final String REVIEW = "Review";
    /** The first status poll answers {@code 0x0205 SOMETHING_WENT_WRONG}; later ones behave normally (approve). */
    static final String FLAKY = "Flaky";

    private PayccMagicValues() {
    }

    static PayccOutcome outcomeFor(final String lastWord) {
        if (is(lastWord, REJECT)) {
            return PayccOutcome.REJECTED;
        }
        if (is(lastWord, SOFT)) {
            return PayccOutcome.NOT_COMPLETED;
        }
        if (is(lastWord, REVIEW)) {
            return PayccOutcome.STAYS_PENDING;
        }
        return PayccOutcome.APPROVED;
    }

    static boolean failsFirstPoll(final String lastWord) {
        return is(lastWord, FLAKY);
    }

    private static boolean is(final String lastWord, final String magic) {
        return lastWord != null && lastWord.trim().toLowerCase(Locale.ROOT).equals(magic.toLowerCase(Locale.ROOT));
    }
}
