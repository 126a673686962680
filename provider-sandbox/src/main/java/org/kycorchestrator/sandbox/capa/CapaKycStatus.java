package org.kycorchestrator.sandbox.capa;

/**
 * A user's KYC at the simulated Capa, as the details call reports it in
 * {@code aipriseSummary.verificationResult}. Capa's KYC details page shows only {@code VERIFIED};
 * the other values are the ones its KYB details page lists, taken to be shared.
 */
enum CapaKycStatus {

    /** A link was issued; the user has not finished the hosted flow. */
    NOT_STARTED(null),
    /** The hosted flow was submitted ({@code CREATED_KYC}); the verdict is awaited. */
    IN_PROGRESS("CREATED_KYC"),
    VERIFIED("VERIFIED_USER"),
    REJECTED("REJECTED_KYC"),
    REVIEW_NEEDED("REVIEW_NEEDED_KYC");

    private final String webhookEvent;

    CapaKycStatus(final String webhookEvent) {
        this.webhookEvent = webhookEvent;
    }

    /** The KYC webhook event that announces this status; {@code null} for none. */
    String webhookEvent() {
        return webhookEvent;
    }

    boolean submitted() {
        return this != NOT_STARTED;
    }
}
