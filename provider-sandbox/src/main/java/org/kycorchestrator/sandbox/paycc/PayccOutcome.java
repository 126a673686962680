package org.kycorchestrator.sandbox.paycc;

/**
 * How a simulated KYC ends, once its pending polls are spent. Paycc knows only three answers to a
 * status poll (SUCCESS with the record, PENDING, FAILURE), so every scenario is one of them.
 */
enum PayccOutcome {

    /** {@code 0x0200 SUCCESS} with the KYC record. */
    APPROVED,
    /** {@code 0x0202 FAILURE}: the identity could not be verified. */
    REJECTED,
    /**
     * {@code 0x0202 FAILURE}: the customer did not finish the hosted flow. Paycc has no recoverable
     * failure; the way back is a new init call, which starts a new KYC with a new {@code kid}.
     */
    NOT_COMPLETED,
    /** {@code 0x0206 PENDING} on every poll: Paycc has no manual review to report, the KYC simply stays pending. */
    STAYS_PENDING
}
