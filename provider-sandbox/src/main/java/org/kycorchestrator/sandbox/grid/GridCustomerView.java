package org.kycorchestrator.sandbox.grid;

import java.time.Instant;

/** A customer as {@code GET /customers/{customerId}} shows it at one moment. Immutable. */
record GridCustomerView(String id, String platformCustomerId, String umaAddress, GridProfile profile,
                        GridKycStatus kycStatus, Instant createdAt, Instant updatedAt) {
}
