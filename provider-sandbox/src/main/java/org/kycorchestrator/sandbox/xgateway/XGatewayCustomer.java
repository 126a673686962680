package org.kycorchestrator.sandbox.xgateway;

import java.util.List;
import java.util.Map;

/** One customer's simulated state at xGateway. Every method is atomic (synchronized on the customer). */
final class XGatewayCustomer {

    /** What a verification call did. */
    enum StartKind {
        /** Accepted; the outcome is decided after the callback delay. */
        STARTED,
        /** Refused: the status is not one of {@link XGatewayStatus#VERIFIABLE}. */
        NOT_VERIFIABLE,
        /** The {@code Flaky} fault: this call fails with a 500 and changes nothing. */
        FAULT
    }

    /**
     * @param round   identifies this verification; only the latest round may decide the outcome
     * @param outcome what this verification will end in (chosen from the profile at the time of the call)
     * @param status  the status after the call
     */
    record VerificationStart(StartKind kind, long round, XGatewayOutcome outcome, XGatewayStatus status) {
    }

    private final String id;
    private XGatewayProfile profile;
    private XGatewayStatus status = XGatewayStatus.CREATED;
    private List<String> docsMissing = List.of();
    private List<String> kycRejectLabel;
    private String kycEndUserErrorMessage;
    private boolean faultSpent;
    private long verificationRound;

    XGatewayCustomer(final String id, final XGatewayProfile profile) {
        this.id = id;
        this.profile = profile;
    }

    String id() {
        return id;
    }

    synchronized XGatewayStatus status() {
        return status;
    }

    /** Applies a profile update (a retry of the create call lands here too) and returns the unchanged status. */
    synchronized XGatewayStatus updateProfile(final Map<String, String> changes) {
        profile = profile.merge(changes);
        return status;
    }

    /** A checkout link was handed out: a customer who has not started KYC data entry now has. */
    synchronized XGatewayStatus checkoutRequested() {
        if (XGatewayStatus.AWAITING_DATA.contains(status)) {
            status = XGatewayStatus.PENDING_KYC_DATA;
        }
        return status;
    }

    synchronized VerificationStart startVerification() {
        if (!faultSpent && XGatewayMagicValues.failsFirstVerification(profile.lastName())) {
            faultSpent = true;
            return new VerificationStart(StartKind.FAULT, verificationRound, null, status);
        }
        if (!XGatewayStatus.VERIFIABLE.contains(status)) {
            return new VerificationStart(StartKind.NOT_VERIFIABLE, verificationRound, null, status);
        }
        verificationRound++;
        status = XGatewayStatus.KYC_PENDING;
        docsMissing = List.of();
        kycRejectLabel = null;
        kycEndUserErrorMessage = null;
        return new VerificationStart(StartKind.STARTED, verificationRound,
                XGatewayMagicValues.outcomeFor(profile.lastName()), status);
    }

    /**
     * Ends verification {@code round} with {@code outcome}, unless a later verification has started
     * since (then that one decides, and this returns {@code null}).
     */
    synchronized XGatewayKycView decide(final long round, final XGatewayOutcome outcome) {
        if (round != verificationRound || status != XGatewayStatus.KYC_PENDING) {
            return null;
        }
        status = outcome.status();
        docsMissing = outcome.docsMissing();
        kycRejectLabel = outcome.kycRejectLabel();
        kycEndUserErrorMessage = outcome.kycEndUserErrorMessage();
        return view();
    }

    synchronized XGatewayKycView view() {
        return new XGatewayKycView(id, status, docsMissing, kycRejectLabel, kycEndUserErrorMessage);
    }
}
