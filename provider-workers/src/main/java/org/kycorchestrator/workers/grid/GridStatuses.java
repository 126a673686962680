package org.kycorchestrator.workers.grid;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.kycorchestrator.schemas.KycState;

/**
 * Grid's statuses mapped to ours: the customer's {@code kycStatus}, the verification's
 * {@code verificationStatus}, and the further KYC statuses its webhook page lists. Both vocabularies
 * spell {@code APPROVED} and {@code REJECTED} alike, with the same meaning.
 */
public final class GridStatuses {

    private static final Map<String, KycState> STATES = Map.ofEntries(
            // kycStatus
            Map.entry("UNVERIFIED", KycState.CREATED),
            Map.entry("PENDING", KycState.KYC_PENDING),
            Map.entry("APPROVED", KycState.APPROVED),
            Map.entry("REJECTED", KycState.HARD_KYC_FAILED),
            // on hold: the customer must update or add information, then go through the flow again
            Map.entry("HOLD", KycState.SOFT_KYC_FAILED),
            // verificationStatus
            Map.entry("READY_FOR_VERIFICATION", KycState.KYC_PENDING),
            Map.entry("IN_PROGRESS", KycState.VERIFICATION_IN_PROGRESS),
            Map.entry("RESOLVE_ERRORS", KycState.SOFT_KYC_FAILED),
            Map.entry("PENDING_MANUAL_REVIEW", KycState.MANUAL_REVIEW),
            // the KYC webhook page's list
            Map.entry("NOT_STARTED", KycState.CREATED),
            Map.entry("PENDING_REVIEW", KycState.VERIFICATION_IN_PROGRESS),
            Map.entry("MANUALLY_APPROVED", KycState.APPROVED),
            Map.entry("MANUALLY_REJECTED", KycState.HARD_KYC_FAILED),
            // the session ran out or was cancelled before a decision: a new link lets the customer try again
            Map.entry("EXPIRED", KycState.SOFT_KYC_FAILED),
            Map.entry("CANCELED", KycState.SOFT_KYC_FAILED));

    private GridStatuses() {
    }

    /** Empty for a null status and for a status Grid has not documented. */
    public static Optional<KycState> toState(final String vendorStatus) {
        return vendorStatus == null ? Optional.empty()
                : Optional.ofNullable(STATES.get(vendorStatus.trim().toUpperCase(Locale.ROOT)));
    }
}
