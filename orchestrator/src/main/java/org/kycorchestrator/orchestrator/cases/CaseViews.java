package org.kycorchestrator.orchestrator.cases;

import java.util.ArrayList;

import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.KycCaseView;

/** What a merchant may read of a case: everything but the personal data. */
public final class CaseViews {

    private CaseViews() {
    }

    public static KycCaseView of(final KycCase kycCase) {
        return KycCaseView.newBuilder()
                .setCustomerId(kycCase.getCustomerId())
                .setTenantId(kycCase.getTenantId())
                .setExternalId(kycCase.getExternalId())
                .setState(kycCase.getState())
                .setVendor(kycCase.getVendor())
                .setVendorStatus(kycCase.getVendorStatus())
                .setLink(kycCase.getLink())
                .setReasonCodes(new ArrayList<>(kycCase.getReasonCodes()))
                .setSequence(kycCase.getSequence())
                .setCreatedAt(kycCase.getCreatedAt())
                .setUpdatedAt(kycCase.getUpdatedAt())
                .setHistory(new ArrayList<>(kycCase.getHistory()))
                .setLinkExpired(kycCase.getLinkExpired())
                .setDocsMissing(new ArrayList<>(kycCase.getDocsMissing()))
                .setRejectLabels(new ArrayList<>(kycCase.getRejectLabels()))
                .setEndUserMessage(kycCase.getEndUserMessage())
                .setAttempts(kycCase.getAttempts())
                .setGeneration(kycCase.getGeneration())
                .setApplicantCreated(kycCase.getApplicantCreated())
                .setDocuments(new ArrayList<>(kycCase.getDocuments()))
                .setAgreementsAccepted(kycCase.getPrivacyPolicyHash() != null && kycCase.getTermsAndConditionsHash() != null)
                .build();
    }
}
