package org.kycorchestrator.sandbox.xgateway;

import java.util.List;

/** How a simulated verification ends, with what the status API and the callback then report. */
enum XGatewayOutcome {

    APPROVED(XGatewayStatus.FULL_USER, List.of(), null, null),
    SOFT_FAILED(XGatewayStatus.SOFT_KYC_FAILED, List.of("SELFIE"), null, "Please upload a clear selfie."),
    HARD_FAILED(XGatewayStatus.HARD_KYC_FAILED, List.of(), List.of("FORGERY"), "We could not verify your identity.");

    private final XGatewayStatus status;
    private final List<String> docsMissing;
    private final List<String> kycRejectLabel;
    private final String kycEndUserErrorMessage;

    XGatewayOutcome(final XGatewayStatus status, final List<String> docsMissing, final List<String> kycRejectLabel,
                    final String kycEndUserErrorMessage) {
        this.status = status;
        this.docsMissing = docsMissing;
        this.kycRejectLabel = kycRejectLabel;
        this.kycEndUserErrorMessage = kycEndUserErrorMessage;
    }

    XGatewayStatus status() {
        return status;
    }

    List<String> docsMissing() {
        return docsMissing;
    }

    /** {@code null} unless rejected, as xGateway sends it. */
    List<String> kycRejectLabel() {
        return kycRejectLabel;
    }

    String kycEndUserErrorMessage() {
        return kycEndUserErrorMessage;
    }
}
