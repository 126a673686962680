package org.kycorchestrator.sandbox.xgateway;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What xGateway's verification page requires before a verification may start, in the page's order.
 * A refused verification names every unmet one at once, so a caller can fix them all in one go.
 */
enum XGatewayPrecondition {
    /** A user profile ({@code POST /customer/{id}/bank-transfer/user}). */
    PROFILE("profile"),
    /** A KYC applicant ({@code POST /customer/{id}/bank-transfer/kyc/applicant}). */
    APPLICANT("applicant"),
    /**
     * All required documents: uploaded (a selfie, a proof of address, and an identity document with
     * both sides where it has two), or collected by the hosted checkout, so they count as provided
     * once a checkout link was issued.
     */
    DOCUMENTS("documents"),
    /** Both agreement hashes on the profile. */
    AGREEMENTS("agreements"),
    /** A status in {@link XGatewayStatus#VERIFIABLE}. */
    STATUS("status");

    private final String label;

    XGatewayPrecondition(final String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /**
     * The {@code precondition_failed} message, e.g. {@code "KYC verification cannot start, missing:
     * applicant, agreements."}. {@code status} is {@code null} when there is no profile.
     */
    static String message(final List<XGatewayPrecondition> missing, final XGatewayStatus status) {
        final String list = missing.stream().map(XGatewayPrecondition::label).collect(Collectors.joining(", "));
        final String message = "KYC verification cannot start, missing: " + list + ".";
        if (!missing.contains(STATUS)) {
            return message;
        }
        return message + " The KYC status is " + (status == null ? "none" : status.name())
                + "; it must be KYC_PENDING, PENDING_KYC_DATA or SOFT_KYC_FAILED.";
    }
}
