package org.kycorchestrator.workers.callbacks;

/**
 * A vendor callback that passed its signature check: whose status to re-read, and what it claimed.
 * {@code eventId} is the vendor's own id of the callback where it sends one (e.g. Grid's webhook
 * id), else {@code null}.
 */
public record CallbackTrigger(String customerId, String claimedStatus, String eventId) {

    /** For vendors whose callbacks carry no id of their own. */
    public CallbackTrigger(final String customerId, final String claimedStatus) {
        this(customerId, claimedStatus, null);
    }
}
