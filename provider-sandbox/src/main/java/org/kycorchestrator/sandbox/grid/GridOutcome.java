package org.kycorchestrator.sandbox.grid;

import java.util.List;
import java.util.function.Function;

/**
 * How a simulated hosted flow ends once the customer has submitted it: the customer's
 * {@code kycStatus} and the verification's {@code verificationStatus} afterwards, with the typed
 * errors the verification then lists. A {@code null} status stays as it was.
 */
enum GridOutcome {

    APPROVED(GridKycStatus.APPROVED, GridVerificationStatus.APPROVED, customer -> List.of()),
    REJECTED(GridKycStatus.REJECTED, GridVerificationStatus.REJECTED, customer -> List.of(
            GridVerificationError.applicant(customer, "SUSPECTED_FRAUD_DOCUMENT",
                    "The identity document appears to have been tampered with."))),
    /** Recoverable: the verification lists what is missing; the customer stays {@code PENDING}. */
    RESOLVE_ERRORS(null, GridVerificationStatus.RESOLVE_ERRORS, customer -> List.of(
            GridVerificationError.field(customer, "MISSING_FIELD", "customer.address.line1",
                    "The first line of the address is required."),
            GridVerificationError.document(customer, "MISSING_PROOF_OF_ADDRESS_DOCUMENT", List.of("PROOF_OF_ADDRESS"),
                    "A proof of address document is required."))),
    /** Recoverable: the customer is put on {@code HOLD} until they provide an identity document. */
    HOLD(GridKycStatus.HOLD, GridVerificationStatus.RESOLVE_ERRORS, customer -> List.of(
            GridVerificationError.document(customer, "MISSING_IDENTITY_DOCUMENT",
                    List.of("PASSPORT", "DRIVERS_LICENSE", "NATIONAL_ID"), "An identity document is required."))),
    MANUAL_REVIEW(null, GridVerificationStatus.PENDING_MANUAL_REVIEW, customer -> List.of()),
    /** Never decided: the verification stays {@code IN_PROGRESS} and the customer {@code PENDING}. */
    PENDING(null, null, customer -> List.of());

    private final GridKycStatus kycStatus;
    private final GridVerificationStatus verificationStatus;
    private final Function<String, List<GridVerificationError>> errors;

    GridOutcome(final GridKycStatus kycStatus, final GridVerificationStatus verificationStatus,
                final Function<String, List<GridVerificationError>> errors) {
        this.kycStatus = kycStatus;
        this.verificationStatus = verificationStatus;
        this.errors = errors;
    }

    /** The customer's status afterwards, or {@code null} when it does not change. */
    GridKycStatus kycStatus() {
        return kycStatus;
    }

    /** The verification's status afterwards, or {@code null} when it is never decided. */
    GridVerificationStatus verificationStatus() {
        return verificationStatus;
    }

    /** The verification's {@code errors[]}, naming the Grid customer id as the resource. */
    List<GridVerificationError> errorsFor(final String customerId) {
        return errors.apply(customerId);
    }
}
