package org.kycorchestrator.sandbox.xgateway;

import java.util.EnumSet;
import java.util.Set;

/** xGateway's KYC statuses, spelled as the API writes them. */
enum XGatewayStatus {
    CREATED,
    KYC_NEEDED,
    PENDING_KYC_DATA,
    KYC_PENDING,
    SOFT_KYC_FAILED,
    HARD_KYC_FAILED,
    FULL_USER;

    /** The statuses from which the verification call is accepted (the documented precondition). */
    static final Set<XGatewayStatus> VERIFIABLE = EnumSet.of(KYC_PENDING, PENDING_KYC_DATA, SOFT_KYC_FAILED);

    /** The statuses that asking for a checkout link moves to {@link #PENDING_KYC_DATA}. */
    static final Set<XGatewayStatus> AWAITING_DATA = EnumSet.of(CREATED, KYC_NEEDED);
}
