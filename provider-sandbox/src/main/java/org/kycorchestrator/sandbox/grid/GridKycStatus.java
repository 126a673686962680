package org.kycorchestrator.sandbox.grid;

/** A customer's {@code kycStatus}, spelled as Grid writes it. */
enum GridKycStatus {
    UNVERIFIED,
    PENDING,
    APPROVED,
    REJECTED,
    /** On hold: the customer must update or add information, then go through the hosted flow again. */
    HOLD;

    /**
     * The {@code type} of the customer webhook announcing this status, or {@code null} where Grid
     * documents none ({@code UNVERIFIED}, {@code HOLD}).
     */
    String webhookType() {
        return switch (this) {
            case PENDING, APPROVED, REJECTED -> "CUSTOMER.KYC_" + name();
            case UNVERIFIED, HOLD -> null;
        };
    }
}
