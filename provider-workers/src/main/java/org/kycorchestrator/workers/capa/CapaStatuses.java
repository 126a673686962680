package org.kycorchestrator.workers.capa;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.kycorchestrator.schemas.KycState;

/**
 * Capa's KYC results and webhook events, mapped to our states. Capa's details call shows only
 * {@code VERIFIED}; its KYB details list {@code NOT_STARTED}, {@code IN_PROGRESS}, {@code VERIFIED},
 * {@code REJECTED} and {@code REVIEW_NEEDED}, taken to be shared with KYC; AiPrise, underneath, writes
 * {@code APPROVED}, {@code DECLINED} and {@code REVIEW}, accepted as aliases. Capa has no recoverable
 * failure, so nothing maps to {@code SOFT_KYC_FAILED}.
 */
public final class CapaStatuses {

    private static final Map<String, KycState> STATES = Map.ofEntries(
            // a link was issued, the end user has not finished the hosted flow
            Map.entry("NOT_STARTED", KycState.PENDING_KYC_DATA),
            // submitted, the verdict is awaited
            Map.entry("IN_PROGRESS", KycState.VERIFICATION_IN_PROGRESS),
            Map.entry("PENDING", KycState.VERIFICATION_IN_PROGRESS),
            Map.entry("VERIFIED", KycState.APPROVED),
            Map.entry("APPROVED", KycState.APPROVED),
            Map.entry("REJECTED", KycState.HARD_KYC_FAILED),
            Map.entry("DECLINED", KycState.HARD_KYC_FAILED),
            Map.entry("REVIEW_NEEDED", KycState.MANUAL_REVIEW),
            Map.entry("REVIEW", KycState.MANUAL_REVIEW),
            // the webhook events
            Map.entry("CREATED_KYC", KycState.KYC_PENDING),
            Map.entry("VERIFIED_USER", KycState.APPROVED),
            Map.entry("REJECTED_KYC", KycState.HARD_KYC_FAILED),
            Map.entry("REVIEW_NEEDED_KYC", KycState.MANUAL_REVIEW));

    private CapaStatuses() {
    }

    /**
     * Empty for no status (no KYC yet), for an undocumented one, and for AiPrise's {@code UNKNOWN}
     * ("not started or failed"), which says too little to move a case: the case waits for a verdict
     * or for its verification timeout.
     */
    public static Optional<KycState> toState(final String vendorStatus) {
        return vendorStatus == null ? Optional.empty()
                : Optional.ofNullable(STATES.get(vendorStatus.trim().toUpperCase(Locale.ROOT)));
    }
}
