package org.kycorchestrator.orchestrator.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.kycorchestrator.schemas.DocumentRef;
import org.kycorchestrator.schemas.HostedLink;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.cases.CommandRecord;
import org.kycorchestrator.schemas.cases.CommandStatus;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.AcceptAgreements;
import org.kycorchestrator.schemas.commands.AddDocument;
import org.kycorchestrator.schemas.commands.CreateApplicant;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.RegisterCustomer;
import org.kycorchestrator.schemas.commands.RequestLink;
import org.kycorchestrator.schemas.commands.StartVerification;
import org.kycorchestrator.schemas.commands.UpdateProfile;
import org.kycorchestrator.schemas.providers.ApplicantCreated;
import org.kycorchestrator.schemas.providers.CallbackReceived;
import org.kycorchestrator.schemas.providers.LinkFailed;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.schemas.providers.VendorError;
import org.kycorchestrator.schemas.providers.VendorProfileCreated;
import org.kycorchestrator.schemas.providers.VerificationStarted;

/**
 * The typical case in each state, and the typical input of each kind, that the state machine's
 * table in docs/state-machine.md is written for.
 */
final class CaseFixtures {

    static final String TENANT = "tenant-a";
    static final String CUSTOMER = "customer-1";
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    static final String HASH = Base64.getEncoder().encodeToString(new byte[32]);
    static final Profile PROFILE = new Profile("Ada", "Lovelace", "ada@example.com", "+442071234567", "GB", "1990-12-10", null, null, null, null);
    static final List<DocumentRef> ALL_DOCUMENTS = List.of(new DocumentRef("d1", "PASSPORT", null, "a1".repeat(32), 2_048L),
            new DocumentRef("d2", "SELFIE", null, "b2".repeat(32), 1_024L), new DocumentRef("d3", "UTILITY_BILL", null, "c3".repeat(32), 4_096L));

    private CaseFixtures() {
    }

    /** The case each row of the table starts from; null stands for "no case yet". */
    static KycCase inState(final KycState state) {
        if (state == null) {
            return null;
        }
        final KycCase.Builder base = KycCase.newBuilder()
                .setCustomerId(CUSTOMER).setTenantId(TENANT).setExternalId("ext-1").setVendor(Vendor.XGATEWAY)
                .setState(state).setProfile(PROFILE).setSequence(1)
                .setCreatedAt(NOW.minus(Duration.ofHours(1))).setUpdatedAt(NOW.minus(Duration.ofHours(1)))
                // The results in the table answer this command, which waits for the vendor.
                .setRecentCommands(List.of(new CommandRecord(PENDING_COMMAND_ID, CommandStatus.PENDING, false, List.of())))
                .setHistory(List.of(KycStatusEvent.newBuilder().setEventId("e1").setType("kyc.created").setTenantId(TENANT)
                        .setCustomerId(CUSTOMER).setSequence(1).setTo(KycState.CREATED).setOccurredAt(NOW.minus(Duration.ofHours(1))).build()));
        return switch (state) {
            case CREATED -> base.build();
            // An applicant and a link that has just run out; the agreements are still missing.
            case PENDING_KYC_DATA -> base.setApplicantCreated(true)
                    .setLink(new HostedLink("https://kyc.example/l1", NOW.minus(Duration.ofMinutes(1)))).build();
            case VERIFICATION_IN_PROGRESS -> complete(base).setAttempts(1).setVerificationDeadline(NOW.minus(Duration.ofSeconds(1))).build();
            case SOFT_KYC_FAILED -> complete(base).setAttempts(1).setDocsMissing(List.of("SELFIE")).build();
            default -> complete(base).setAttempts(1).build();
        };
    }

    private static KycCase.Builder complete(final KycCase.Builder builder) {
        return builder.setApplicantCreated(true).setDocuments(ALL_DOCUMENTS)
                .setPrivacyPolicyHash(HASH).setTermsAndConditionsHash(HASH);
    }

    /** The input each row of the table applies. */
    static final Map<String, Function<KycCase, KycInput>> INPUTS = new java.util.LinkedHashMap<>();

    static {
        INPUTS.put("register", c -> command(new RegisterCustomer("ext-1", Vendor.XGATEWAY, PROFILE, java.util.List.of())));
        INPUTS.put("update_profile", c -> command(new UpdateProfile(new Profile(null, null, null, "+442079999999", null, null, null, null, null, null))));
        INPUTS.put("create_applicant", c -> command(new CreateApplicant()));
        INPUTS.put("add_document", c -> command(new AddDocument(new DocumentRef("d9", "SELFIE", null, "d9".repeat(32), 512L))));
        INPUTS.put("accept_agreements", c -> command(new AcceptAgreements(HASH, HASH)));
        INPUTS.put("request_link", c -> command(new RequestLink("en", null)));
        INPUTS.put("start_verification", c -> command(new StartVerification()));
        INPUTS.put("profile_saved", c -> result(new VendorProfileCreated()));
        INPUTS.put("applicant_created", c -> result(new ApplicantCreated("app-1")));
        INPUTS.put("link_issued", c -> result(new LinkIssued(new HostedLink("https://kyc.example/l2", NOW.plus(Duration.ofDays(1))), null)));
        INPUTS.put("link_failed", c -> result(new LinkFailed(409, "CONTACT_UNVERIFIED", "verify the e-mail first")));
        INPUTS.put("verification_started", c -> result(new VerificationStarted()));
        INPUTS.put("status_observed", c -> result(new StatusObserved("FULL_USER", KycState.APPROVED, List.of(), List.of(), null, NOW, null)));
        INPUTS.put("callback_received", c -> result(new CallbackReceived("FULL_USER")));
        INPUTS.put("vendor_error", c -> result(new VendorError("verification", 400, "precondition_failed", "missing documents", false)));
        INPUTS.put("verification_timeout", c -> new KycInput.TimerFired(CUSTOMER, KycInput.Timer.VERIFICATION_TIMEOUT));
        INPUTS.put("link_expiry", c -> new KycInput.TimerFired(CUSTOMER, KycInput.Timer.LINK_EXPIRY));
    }

    static final String COMMAND_ID = "cmd-1";
    static final String PENDING_COMMAND_ID = "cmd-0";

    static KycInput command(final Object payload) {
        return command(COMMAND_ID, payload);
    }

    static KycInput command(final String commandId, final Object payload) {
        return new KycInput.Command(KycCommand.newBuilder().setCommandId(commandId).setTenantId(TENANT).setCustomerId(CUSTOMER)
                .setIssuedAt(NOW).setPayload(payload).build());
    }

    static KycInput result(final Object payload) {
        return result(payload instanceof CallbackReceived || payload instanceof StatusObserved ? null : PENDING_COMMAND_ID, payload);
    }

    static KycInput result(final String commandId, final Object payload) {
        return new KycInput.VendorResult(ProviderResult.newBuilder().setResultId("res-1").setCustomerId(CUSTOMER)
                .setCommandId(commandId)
                .setVendor(Vendor.XGATEWAY).setObservedAt(NOW).setPayload(payload).build());
    }

    static Map<KycState, KycCase> allStates() {
        final Map<KycState, KycCase> cases = new EnumMap<>(KycState.class);
        for (KycState state : KycState.values()) {
            cases.put(state, inState(state));
        }
        return cases;
    }
}
