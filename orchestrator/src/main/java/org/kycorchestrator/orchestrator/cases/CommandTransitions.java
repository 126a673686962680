package org.kycorchestrator.orchestrator.cases;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.kycorchestrator.schemas.DocumentRef;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.AcceptAgreements;
import org.kycorchestrator.schemas.commands.AddDocument;
import org.kycorchestrator.schemas.commands.CreateApplicant;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.RegisterCustomer;
import org.kycorchestrator.schemas.commands.RequestLink;
import org.kycorchestrator.schemas.commands.StartVerification;
import org.kycorchestrator.schemas.commands.UpdateProfile;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.CreateVendorApplicant;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.IssueLink;

/** The merchant's commands. A rejected command changes nothing but the memory of its id. */
final class CommandTransitions {

    /** States in which the merchant may still change the customer's data; approved allows a new generation. */
    private static final Set<KycState> EDITABLE = Set.of(KycState.CREATED, KycState.PENDING_KYC_DATA, KycState.KYC_PENDING,
            KycState.SOFT_KYC_FAILED, KycState.APPROVED);

    private final Step step;
    private final KycCommand command;
    private final String commandId;

    CommandTransitions(final Step step, final KycCommand command) {
        this.step = step;
        this.command = command;
        this.commandId = command.getCommandId();
    }

    /** No case for this tenant: only a registration can go on. */
    Step applyWithoutCase(final KycCase otherTenantsCase) {
        if (otherTenantsCase == null && command.getPayload() instanceof RegisterCustomer register) {
            return register(register);
        }
        return step.rejectWithoutCase(commandId, command.getTenantId(), command.getCustomerId(), "not_found",
                "no customer " + command.getCustomerId());
    }

    Step apply() {
        final Object payload = command.getPayload();
        if (payload instanceof RegisterCustomer) {
            return step.reject(commandId, "conflict", "the customer is already registered");
        }
        if (payload instanceof UpdateProfile update) {
            return updateProfile(update.getProfile());
        }
        if (payload instanceof CreateApplicant) {
            return createApplicant();
        }
        if (payload instanceof AddDocument add) {
            return addDocument(add.getDocument());
        }
        if (payload instanceof AcceptAgreements agreements) {
            return acceptAgreements(agreements);
        }
        if (payload instanceof RequestLink link) {
            return requestLink(link);
        }
        if (payload instanceof StartVerification) {
            return startVerification();
        }
        return step.reject(commandId, "unprocessable_content", "unknown command " + payload.getClass().getSimpleName());
    }

    private Step register(final RegisterCustomer register) {
        step.start(CaseBuilders.fresh()
                .setCustomerId(command.getCustomerId())
                .setTenantId(command.getTenantId())
                .setExternalId(register.getExternalId())
                .setVendor(register.getVendor())
                .setState(KycState.CREATED)
                .setProfile(register.getProfile())
                .setSequence(0)
                .setCreatedAt(step.now())
                .setUpdatedAt(step.now())
                .build());
        final List<String> reasons = new ArrayList<>(List.of("customer_registered"));
        reasons.addAll(register.getRoutingReasons());
        return step.move(KycState.CREATED, reasons, null)
                .request(commandId, "profile", vendorProfile(step.kycCase()))
                .accept(commandId, true);
    }

    private Step updateProfile(final Profile changes) {
        if (!EDITABLE.contains(step.state())) {
            return wrongState("the profile cannot change");
        }
        final Profile merged = merge(step.kycCase().getProfile(), changes);
        if (merged.equals(step.kycCase().getProfile())) {
            return step.reject(commandId, "unprocessable_content", "the update changes no field of the profile");
        }
        step.update(b -> b.setProfile(merged)).request(commandId, "profile", vendorProfile(step.kycCase()));
        return KycTransitions.settleDataState(step, "profile_updated").accept(commandId, false);
    }

    private Step createApplicant() {
        if (!EDITABLE.contains(step.state()) || step.state() == KycState.APPROVED) {
            return wrongState("an applicant cannot be created");
        }
        if (step.kycCase().getApplicantCreated()) {
            return step.accept(commandId, false);
        }
        return step.request(commandId, "applicant", new CreateVendorApplicant()).pending(commandId);
    }

    private Step addDocument(final DocumentRef document) {
        if (!EDITABLE.contains(step.state())) {
            return wrongState("documents cannot be added");
        }
        if (!Requirements.DOCUMENT_TYPES.contains(document.getDocType())) {
            return step.reject(commandId, "unprocessable_content", "docType must be one of " + Requirements.DOCUMENT_TYPES);
        }
        final List<DocumentRef> documents = new ArrayList<>(step.kycCase().getDocuments());
        documents.removeIf(d -> d.getDocType().equals(document.getDocType()) && java.util.Objects.equals(d.getSide(), document.getSide()));
        documents.add(document);
        step.update(b -> b.setDocuments(documents));
        return KycTransitions.settleDataState(step, "document_added").accept(commandId, true);
    }

    private Step acceptAgreements(final AcceptAgreements agreements) {
        if (!EDITABLE.contains(step.state())) {
            return wrongState("agreements cannot change");
        }
        final List<String> invalid = new ArrayList<>();
        checkHash(invalid, "privacyPolicyHash", agreements.getPrivacyPolicyHash());
        checkHash(invalid, "termsAndConditionsHash", agreements.getTermsAndConditionsHash());
        if (agreements.getPrivacyPolicyHash() == null && agreements.getTermsAndConditionsHash() == null) {
            invalid.add("at least one agreement hash is required");
        }
        if (!invalid.isEmpty()) {
            return step.reject(commandId, "unprocessable_content", String.join("; ", invalid));
        }
        step.update(b -> b
                .setPrivacyPolicyHash(agreements.getPrivacyPolicyHash() != null ? agreements.getPrivacyPolicyHash() : b.getPrivacyPolicyHash())
                .setTermsAndConditionsHash(agreements.getTermsAndConditionsHash() != null
                        ? agreements.getTermsAndConditionsHash() : b.getTermsAndConditionsHash()))
                .request(commandId, "profile", vendorProfile(step.kycCase()));
        return KycTransitions.settleDataState(step, "agreements_accepted").accept(commandId, false);
    }

    private Step requestLink(final RequestLink link) {
        if (!KycTransitions.DATA_STATES.contains(step.state())) {
            return wrongState("a link cannot be issued");
        }
        // Some vendors take the personal data with the link call itself (Paycc's init call, Capa's personalInfo), so the profile goes along.
        return step.request(commandId, "link", new IssueLink(link.getLocale(), link.getRedirectUri(), step.kycCase().getProfile()))
                .pending(commandId);
    }

    private Step startVerification() {
        final boolean newGeneration = step.state() == KycState.APPROVED;
        if (!newGeneration && !KycTransitions.VERIFICATION_STATES.contains(step.state())) {
            return wrongState("verification cannot start");
        }
        final List<String> missing = Requirements.missing(step.kycCase());
        if (!missing.isEmpty()) {
            return step.reject(commandId, "precondition_failed", "verification needs: " + String.join(", ", missing));
        }
        if (!newGeneration && step.kycCase().getAttempts() >= step.rules().maxVerificationAttempts()) {
            return step.reject(commandId, "conflict", "the limit of " + step.rules().maxVerificationAttempts()
                    + " verification attempts is reached");
        }
        step.update(b -> newGeneration ? b.setGeneration(b.getGeneration() + 1).setAttempts(1) : b.setAttempts(b.getAttempts() + 1));
        // Vendors that take uploads get the documents with the verification itself: uploads need the
        // applicant, and each verification then sends the files the case has now (a re-upload replaces).
        return step.request(commandId, "verification", new BeginVerification(new ArrayList<>(step.kycCase().getDocuments())))
                .pending(commandId);
    }

    private Step wrongState(final String what) {
        return step.reject(commandId, "conflict", what + " in state " + step.state());
    }

    static CreateVendorProfile vendorProfile(final KycCase kycCase) {
        return new CreateVendorProfile(kycCase.getProfile(), kycCase.getPrivacyPolicyHash(), kycCase.getTermsAndConditionsHash());
    }

    private static Profile merge(final Profile base, final Profile changes) {
        return new Profile(
                pick(changes.getFirstName(), base.getFirstName()),
                pick(changes.getLastName(), base.getLastName()),
                pick(changes.getEmail(), base.getEmail()),
                pick(changes.getPhone(), base.getPhone()),
                pick(changes.getCountry(), base.getCountry()),
                pick(changes.getDateOfBirth(), base.getDateOfBirth()),
                pick(changes.getPan(), base.getPan()),
                pick(changes.getTaxId(), base.getTaxId()),
                pick(changes.getProfession(), base.getProfession()),
                pick(changes.getBirthCountry(), base.getBirthCountry()));
    }

    private static String pick(final String change, final String base) {
        return change != null ? change : base;
    }

    /** Agreement hashes are base64 SHA-256 digests of the accepted documents. */
    private static void checkHash(final List<String> invalid, final String field, final String hash) {
        if (hash == null) {
            return;
        }
        try {
            if (Base64.getDecoder().decode(hash).length == 32) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        invalid.add(field + " must be a base64 SHA-256 digest");
    }
}
