package org.kycorchestrator.sandbox.xgateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One customer's simulated state at xGateway. Every method is atomic (synchronized on the customer). */
final class XGatewayCustomer {

    /** What a verification call did. */
    enum StartKind {
        /** Accepted; the outcome is decided after the callback delay. */
        STARTED,
        /** Refused: some {@link XGatewayPrecondition}s are unmet (listed in {@code missing}). */
        NOT_VERIFIABLE,
        /** The {@code Flaky} fault: this call fails with a 500 and changes nothing. */
        FAULT
    }

    /**
     * @param round   identifies this verification; only the latest round may decide the outcome
     * @param outcome what this verification will end in (chosen from the profile at the time of the call)
     * @param status  the status after the call
     * @param missing the unmet preconditions when {@link StartKind#NOT_VERIFIABLE}, else empty
     */
    record VerificationStart(StartKind kind, long round, XGatewayOutcome outcome, XGatewayStatus status,
                             List<XGatewayPrecondition> missing) {
    }

    /** The customer's KYC applicant; {@code created} is false when it already existed (a retry). */
    record Applicant(String id, boolean created, XGatewayStatus status) {
    }

    private final String id;
    private XGatewayProfile profile;
    private XGatewayStatus status = XGatewayStatus.CREATED;
    private List<String> docsMissing = List.of();
    private List<String> kycRejectLabel;
    private String kycEndUserErrorMessage;
    private String applicantId;
    private boolean checkoutIssued;
    private final Map<String, XGatewayDocument> documents = new LinkedHashMap<>();
    private long documentUploads;
    private boolean faultSpent;
    private long verificationRound;

    XGatewayCustomer(final String id, final XGatewayProfile profile) {
        this.id = id;
        this.profile = profile;
    }

    String id() {
        return id;
    }

    /** What this customer's calls did at the vendor: applicants created and verifications started. */
    synchronized Map<String, Long> effects() {
        return Map.of("applicantsCreated", applicantId == null ? 0L : 1L, "verificationsStarted", verificationRound,
                "documentsUploaded", documentUploads);
    }

    synchronized XGatewayStatus status() {
        return status;
    }

    /** Applies a profile update (a retry of the create call lands here too) and returns the unchanged status. */
    synchronized XGatewayStatus updateProfile(final Map<String, String> changes) {
        profile = profile.merge(changes);
        return status;
    }

    /**
     * Creates the KYC applicant with {@code newId}, or returns the existing one: a retry never makes
     * a second. A new applicant means KYC is now needed from a customer who was only created.
     */
    synchronized Applicant createApplicant(final String newId) {
        if (applicantId != null) {
            return new Applicant(applicantId, false, status);
        }
        applicantId = newId;
        if (status == XGatewayStatus.CREATED) {
            status = XGatewayStatus.KYC_NEEDED;
        }
        return new Applicant(applicantId, true, status);
    }

    /**
     * A checkout link was handed out: a customer who has not started KYC data entry now has, and the
     * hosted flow behind the link collects the documents.
     */
    synchronized XGatewayStatus checkoutRequested() {
        checkoutIssued = true;
        if (XGatewayStatus.AWAITING_DATA.contains(status)) {
            status = XGatewayStatus.PENDING_KYC_DATA;
        }
        return status;
    }

    /**
     * Keeps an uploaded document, replacing an earlier one of the same type and side; refused (null)
     * without an applicant, which the upload page requires. A customer who had not started KYC data
     * entry now has, as with a checkout link.
     */
    synchronized XGatewayStatus uploadDocument(final XGatewayDocument document) {
        if (applicantId == null) {
            return null;
        }
        documents.put(document.slot(), document);
        documentUploads++;
        if (XGatewayStatus.AWAITING_DATA.contains(status)) {
            status = XGatewayStatus.PENDING_KYC_DATA;
        }
        return status;
    }

    synchronized List<XGatewayDocument> documents() {
        return List.copyOf(documents.values());
    }

    synchronized VerificationStart startVerification() {
        if (!faultSpent && XGatewayMagicValues.failsFirstVerification(profile.lastName())) {
            faultSpent = true;
            return new VerificationStart(StartKind.FAULT, verificationRound, null, status, List.of());
        }
        final List<XGatewayPrecondition> missing = unmetPreconditions();
        if (!missing.isEmpty()) {
            return new VerificationStart(StartKind.NOT_VERIFIABLE, verificationRound, null, status, missing);
        }
        verificationRound++;
        status = XGatewayStatus.KYC_PENDING;
        docsMissing = List.of();
        kycRejectLabel = null;
        kycEndUserErrorMessage = null;
        return new VerificationStart(StartKind.STARTED, verificationRound,
                XGatewayMagicValues.outcomeFor(profile.lastName()), status, List.of());
    }

    /** The profile exists (this customer was created by the user call), so it is never among them. */
    private List<XGatewayPrecondition> unmetPreconditions() {
        final List<XGatewayPrecondition> missing = new ArrayList<>();
        if (applicantId == null) {
            missing.add(XGatewayPrecondition.APPLICANT);
        }
        if (!checkoutIssued && !XGatewayDocument.complete(documents)) {
            missing.add(XGatewayPrecondition.DOCUMENTS);
        }
        if (!profile.agreementsAccepted()) {
            missing.add(XGatewayPrecondition.AGREEMENTS);
        }
        if (!XGatewayStatus.VERIFIABLE.contains(status)) {
            missing.add(XGatewayPrecondition.STATUS);
        }
        return missing;
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
