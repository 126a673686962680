package org.kycorchestrator.sandbox.xgateway;

import java.util.Locale;

/**
 * The customer last names (compared case-insensitively, ignoring surrounding blanks) that choose a
 * scenario, like a real vendor's sandbox does. Any other last name is approved. The README has
 * the same table.
 */
final class XGatewayMagicValues {

    /** Verification ends {@code HARD_KYC_FAILED} with reject label {@code FORGERY}. */
    static final String REJECT = "Reject";
    /** Verification ends {@code SOFT_KYC_FAILED}, missing a {@code SELFIE}. */
    static final String SOFT = "Soft";
    /** The first verification call answers 500 {@code internal_server_error}; later ones behave normally (approve). */
    static final String FLAKY = "Flaky";

    private XGatewayMagicValues() {
    }

    static XGatewayOutcome outcomeFor(final String lastName) {
        if (is(lastName, REJECT)) {
            return XGatewayOutcome.HARD_FAILED;
        }
        if (is(lastName, SOFT)) {
            return XGatewayOutcome.SOFT_FAILED;
        }
        return XGatewayOutcome.APPROVED;
    }

    static boolean failsFirstVerification(final String lastName) {
        return is(lastName, FLAKY);
    }

    private static boolean is(final String lastName, final String magic) {
        return lastName != null && lastName.trim().toLowerCase(Locale.ROOT).equals(magic.toLowerCase(Locale.ROOT));
    }
}
