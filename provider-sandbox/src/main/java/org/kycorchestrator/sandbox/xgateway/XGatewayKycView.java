package org.kycorchestrator.sandbox.xgateway;

import java.util.List;

/** A consistent snapshot of a customer's KYC state, as the status API and the callback show it. */
record XGatewayKycView(String customerId, XGatewayStatus status, List<String> docsMissing,
                       List<String> kycRejectLabel, String kycEndUserErrorMessage) {
}
