package org.kycorchestrator.sandbox.grid;

/** A verification's {@code verificationStatus}, spelled as Grid writes it. */
enum GridVerificationStatus {
    RESOLVE_ERRORS,
    PENDING_MANUAL_REVIEW,
    IN_PROGRESS,
    APPROVED,
    REJECTED;

    /** The {@code type} of the webhook announcing this status, e.g. {@code VERIFICATION.APPROVED}. */
    String webhookType() {
        return "VERIFICATION." + name();
    }
}
