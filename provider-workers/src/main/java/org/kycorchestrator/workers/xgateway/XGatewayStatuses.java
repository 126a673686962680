package org.kycorchestrator.workers.xgateway;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.kycorchestrator.schemas.KycState;

/** xGateway's KYC statuses, with the aliases its pages use, mapped to ours. */
public final class XGatewayStatuses {

    private static final Map<String, KycState> STATES = Map.ofEntries(
            Map.entry("CREATED", KycState.CREATED),
            Map.entry("KYC_NEEDED", KycState.PENDING_KYC_DATA),
            Map.entry("PENDING_KYC_DATA", KycState.PENDING_KYC_DATA),
            Map.entry("KYC_PENDING", KycState.KYC_PENDING),
            Map.entry("SOFT_KYC_FAILED", KycState.SOFT_KYC_FAILED),
            Map.entry("HARD_KYC_FAILED", KycState.HARD_KYC_FAILED),
            Map.entry("HARD_FAIL", KycState.HARD_KYC_FAILED),
            Map.entry("FULL_USER", KycState.APPROVED),
            Map.entry("KYC_FULL_USER", KycState.APPROVED));

    private XGatewayStatuses() {
    }

    /** Empty for a null status (no profile yet) and for a status xGateway has not documented. */
    public static Optional<KycState> toState(final String vendorStatus) {
        return vendorStatus == null ? Optional.empty()
                : Optional.ofNullable(STATES.get(vendorStatus.trim().toUpperCase(Locale.ROOT)));
    }
}
