package org.kycorchestrator.orchestrator.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.kycorchestrator.schemas.DocumentRef;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.cases.KycCase;

/**
 * What a case still needs before verification may start: the profile, the applicant, the required
 * documents (an identity document, a selfie and a proof of address, unless a live hosted link lets
 * the vendor collect them) and the accepted agreements.
 */
public final class Requirements {

    public static final Set<String> IDENTITY_DOCUMENTS = Set.of("PASSPORT", "ID_CARD", "DRIVERS", "RESIDENCE_PERMIT");
    public static final Set<String> DOCUMENT_TYPES = Set.of("SELFIE", "PASSPORT", "ID_CARD", "DRIVERS", "RESIDENCE_PERMIT", "UTILITY_BILL");

    private Requirements() {
    }

    /** Every missing item, named as the merchant sees it; empty when verification may start. */
    public static List<String> missing(final KycCase kycCase) {
        final List<String> missing = new ArrayList<>();
        final Profile profile = kycCase.getProfile();
        requireField(missing, "profile.firstName", profile.getFirstName());
        requireField(missing, "profile.lastName", profile.getLastName());
        requireField(missing, "profile.email", profile.getEmail());
        requireField(missing, "profile.country", profile.getCountry());
        if (!kycCase.getApplicantCreated()) {
            missing.add("applicant");
        }
        if (!hostedFlowActive(kycCase)) {
            final List<DocumentRef> documents = kycCase.getDocuments();
            if (documents.stream().noneMatch(d -> IDENTITY_DOCUMENTS.contains(d.getDocType()))) {
                missing.add("documents.identity");
            }
            if (documents.stream().noneMatch(d -> "SELFIE".equals(d.getDocType()))) {
                missing.add("documents.selfie");
            }
            if (documents.stream().noneMatch(d -> "UTILITY_BILL".equals(d.getDocType()))) {
                missing.add("documents.proof_of_address");
            }
        }
        requireField(missing, "agreements.privacy_policy", kycCase.getPrivacyPolicyHash());
        requireField(missing, "agreements.terms_and_conditions", kycCase.getTermsAndConditionsHash());
        return missing;
    }

    /** A live hosted link means the vendor's own flow collects the documents. */
    static boolean hostedFlowActive(final KycCase kycCase) {
        return kycCase.getLink() != null && !kycCase.getLinkExpired();
    }

    private static void requireField(final List<String> missing, final String name, final String value) {
        if (value == null || value.isBlank()) {
            missing.add(name);
        }
    }
}
