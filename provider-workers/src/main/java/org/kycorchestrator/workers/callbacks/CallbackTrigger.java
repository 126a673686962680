package org.kycorchestrator.workers.callbacks;

/** A vendor callback that passed its signature check: whose status to re-read, and what it claimed. */
public record CallbackTrigger(String customerId, String claimedStatus) {
}
