package org.kycorchestrator.sandbox.paycc;

/**
 * One KYC started by an init call, known by its {@code kid}. Its outcome is fixed when it starts
 * (from the name's last word); the first {@code pendingPolls} status polls answer {@code PENDING},
 * then every poll gives the outcome. Every method is atomic (synchronized on the KYC).
 */
final class PayccKyc {

    /** What one status poll answers. */
    enum Answer {
        PENDING, APPROVED, FAILED_REJECTED, FAILED_NOT_COMPLETED, FAULT
    }

    private final String kid;
    private final PayccInitRequest request;
    private final PayccOutcome outcome;
    private final int pendingPolls;
    private final String aadhaarLastDigits;
    private boolean faultPending;
    private int polls;

    /**
     * @param aadhaarLastDigits the four digits the masked Aadhaar of the record ends in
     */
    PayccKyc(final String kid, final PayccInitRequest request, final int pendingPolls, final String aadhaarLastDigits) {
        this.kid = kid;
        this.request = request;
        this.outcome = PayccMagicValues.outcomeFor(request.lastWordOfName());
        this.faultPending = PayccMagicValues.failsFirstPoll(request.lastWordOfName());
        this.pendingPolls = pendingPolls;
        this.aadhaarLastDigits = aadhaarLastDigits;
    }

    String kid() {
        return kid;
    }

    /** The record an approved KYC returns, built from what the init call sent. */
    PayccJson.Record record(final String photo) {
        return new PayccJson.Record(request.name(), true, "XXXXXXXX" + aadhaarLastDigits, "1990-01-01", photo,
                "221B, MG Road, Bengaluru, Karnataka 560001", request.pan());
    }

    /** Answers one status poll; a fault answer does not count as a poll. */
    synchronized Answer poll() {
        if (faultPending) {
            faultPending = false;
            return Answer.FAULT;
        }
        if (polls < pendingPolls) {
            polls++;
            return Answer.PENDING;
        }
        return switch (outcome) {
            case APPROVED -> Answer.APPROVED;
            case REJECTED -> Answer.FAILED_REJECTED;
            case NOT_COMPLETED -> Answer.FAILED_NOT_COMPLETED;
            case STAYS_PENDING -> Answer.PENDING;
        };
    }
}
