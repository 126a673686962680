package org.kycorchestrator.sandbox.grid;

import java.time.Instant;
import java.util.List;

/** One verification of a customer, as {@code GET /verifications} lists it. Immutable. */
record GridVerification(String id, String customerId, GridVerificationStatus status, List<GridVerificationError> errors,
                        Instant createdAt, Instant updatedAt) {

    GridVerification {
        errors = List.copyOf(errors);
    }

    GridVerification decided(final GridVerificationStatus newStatus, final List<GridVerificationError> newErrors,
                             final Instant now) {
        return new GridVerification(id, customerId, newStatus, newErrors, createdAt, now);
    }
}
