package org.kycorchestrator.orchestrator.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.NOW;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.PENDING_COMMAND_ID;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.command;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.inState;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.result;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.schemas.IgnoredResult;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.Outcome;
import org.kycorchestrator.schemas.commands.RegisterCustomer;
import org.kycorchestrator.schemas.commands.RequestLink;
import org.kycorchestrator.schemas.commands.StartVerification;
import org.kycorchestrator.schemas.commands.UpdateProfile;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.schemas.providers.VerificationStarted;

/** The stories behind the table's rules, told one at a time. */
class KycTransitionStoriesTest {

    private final KycTransitions transitions = new KycTransitions(new KycRules(2, Duration.ofMinutes(10), 3, Duration.ofHours(1), 100));

    @Test
    void aRepeatedCommandIsAnsweredWithItsFirstOutcomeAndChangesNothing() {
        // given a case that accepted a profile update
        final KycCase updated = transitions.apply(inState(KycState.KYC_PENDING), phoneUpdate("cmd-7", "+442070000001"), NOW).kycCase().orElseThrow();

        // when the same command id comes again, even with another body
        final Transition repeat = transitions.apply(updated, phoneUpdate("cmd-7", "+442070000002"), NOW.plusSeconds(1));

        // then it gets the first answer and nothing moves
        assertThat(repeat.commandResult()).get().extracting(CommandResult::getOutcome).isEqualTo(Outcome.ACCEPTED);
        assertThat(repeat.caseChanged()).isFalse();
        assertThat(repeat.providerRequests()).isEmpty();
        assertThat(repeat.kycCase().orElseThrow().getProfile().getPhone()).isEqualTo("+442070000001");
    }

    @Test
    void aRepeatedCommandWhoseVendorCallIsUnderWayIsNotAnsweredNorSentAgain() {
        final KycCase waiting = transitions.apply(inState(KycState.KYC_PENDING), command("cmd-8", new RequestLink("en", null)), NOW)
                .kycCase().orElseThrow();

        final Transition repeat = transitions.apply(waiting, command("cmd-8", new RequestLink("en", null)), NOW);

        assertThat(repeat.commandResult()).isEmpty();
        assertThat(repeat.providerRequests()).isEmpty();
    }

    @Test
    void aLinkRequestCarriesTheCustomersProfileForVendorsWhoseLinkCallTakesIt() {
        // given a case with a profile
        final KycCase kycCase = inState(KycState.KYC_PENDING);

        // when a link is requested
        final Transition link = transitions.apply(kycCase, command("cmd-10", new RequestLink("en", "https://merchant.example/back")), NOW);

        // then the vendor request carries the profile along with the locale and the redirect
        assertThat(link.providerRequests()).singleElement().satisfies(request ->
                assertThat(request.getPayload()).isEqualTo(new IssueLink("en", "https://merchant.example/back", kycCase.getProfile())));
    }

    @Test
    void aVerificationCarriesTheCasesDocumentsForVendorsThatTakeUploads() {
        // given a case with everything verification needs, its documents among it
        final KycCase kycCase = inState(KycState.KYC_PENDING);

        // when verification starts
        final Transition verification = transitions.apply(kycCase, command("cmd-11", new StartVerification()), NOW);

        // then the vendor request carries the references to the documents (never the files), for the worker to upload
        assertThat(verification.providerRequests()).singleElement().satisfies(request ->
                assertThat(request.getPayload()).isEqualTo(new BeginVerification(kycCase.getDocuments())));
        assertThat(kycCase.getDocuments()).isNotEmpty().allSatisfy(document -> assertThat(document.getSha256()).isNotNull());
    }

    @Test
    void aRepeatedRejectedCommandIsRejectedTheSameWay() {
        final KycCase kycCase = transitions.apply(inState(KycState.CREATED), command("cmd-9", new StartVerification()), NOW).kycCase().orElseThrow();

        final Transition repeat = transitions.apply(kycCase, command("cmd-9", new StartVerification()), NOW);

        assertThat(repeat.commandResult().orElseThrow().getErrors()).extracting(e -> e.getCode()).containsExactly("conflict");
    }

    @Test
    void aVendorStatusOlderThanWhatTheCaseKnowsIsRecordedButMovesNothing() {
        // given a case that heard from the vendor at NOW
        final KycCase kycCase = KycCase.newBuilder(inState(KycState.VERIFICATION_IN_PROGRESS)).setLastVendorTime(NOW).build();

        // when a status set earlier arrives late
        final Transition late = transitions.apply(kycCase, status(KycState.HARD_KYC_FAILED, "HARD_KYC_FAILED", NOW.minusSeconds(5)), NOW);

        // then the history keeps it as ignored and the state stays
        final KycCase after = late.kycCase().orElseThrow();
        assertThat(after.getState()).isEqualTo(KycState.VERIFICATION_IN_PROGRESS);
        assertThat(late.statusEvents()).isEmpty();
        assertThat(after.getHistory().get(after.getHistory().size() - 1))
                .isInstanceOfSatisfying(IgnoredResult.class, ignored -> assertThat(ignored.getReason()).isEqualTo("stale"));
    }

    @Test
    void anApprovedCustomerIsRevokedOnlyByAVendorResultWithItsReason() {
        final Transition revoked = transitions.apply(inState(KycState.APPROVED),
                result(new StatusObserved("HARD_KYC_FAILED", KycState.HARD_KYC_FAILED, List.of(), List.of("SANCTIONS"), null, NOW, null)), NOW);

        final KycStatusEvent event = revoked.statusEvents().get(0);
        assertThat(event.getFrom()).isEqualTo(KycState.APPROVED);
        assertThat(event.getTo()).isEqualTo(KycState.HARD_KYC_FAILED);
        assertThat(event.getReasonCodes()).containsExactly("sanctions", "vendor_revoked");
    }

    @Test
    void aSoftFailureKeepsWhatTheVendorSaidAndVerificationCanStartAgain() {
        // given a verification the vendor soft-failed for a missing selfie
        final KycCase soft = transitions.apply(inState(KycState.VERIFICATION_IN_PROGRESS), result(new StatusObserved("SOFT_KYC_FAILED",
                KycState.SOFT_KYC_FAILED, List.of("SELFIE"), List.of("BAD_PHOTO"), "Upload a clear selfie", NOW, null)), NOW).kycCase().orElseThrow();
        assertThat(soft.getDocsMissing()).containsExactly("SELFIE");
        assertThat(soft.getRejectLabels()).containsExactly("BAD_PHOTO");
        assertThat(soft.getEndUserMessage()).isEqualTo("Upload a clear selfie");
        assertThat(soft.getReasonCodes()).containsExactly("bad_photo", "missing_selfie");

        // when the merchant starts verification again, it is the second attempt
        final Transition again = transitions.apply(soft, command("cmd-2", new StartVerification()), NOW);
        assertThat(again.providerRequests()).extracting(r -> r.getPayload().getClass()).containsExactly((Class) BeginVerification.class);
        final KycCase second = again.kycCase().orElseThrow();
        assertThat(second.getAttempts()).isEqualTo(2);

        // and a third is refused: the limit here is two
        final KycCase softAgain = KycCase.newBuilder(second).setState(KycState.SOFT_KYC_FAILED).build();
        assertThat(transitions.apply(softAgain, command("cmd-3", new StartVerification()), NOW).commandResult().orElseThrow().getErrors())
                .extracting(e -> e.getCode()).containsExactly("conflict");
    }

    @Test
    void verifyingAnApprovedCustomerAgainOpensANewGenerationAndKeepsTheHistory() {
        final KycCase approved = inState(KycState.APPROVED);

        final KycCase requested = transitions.apply(approved, command("cmd-5", new StartVerification()), NOW).kycCase().orElseThrow();
        final Transition started = transitions.apply(requested, result("cmd-5", new VerificationStarted()), NOW);

        final KycCase renewed = started.kycCase().orElseThrow();
        assertThat(renewed.getGeneration()).isEqualTo(2);
        assertThat(renewed.getAttempts()).isEqualTo(1);
        assertThat(renewed.getState()).isEqualTo(KycState.VERIFICATION_IN_PROGRESS);
        assertThat(started.statusEvents().get(0).getReasonCodes()).containsExactly("verification_started", "new_generation");
        assertThat(renewed.getHistory()).hasSize(approved.getHistory().size() + 1);
    }

    @Test
    void aRedeliveredVerificationAnswerDoesNotPullAnApprovedCustomerBackIntoVerification() {
        final Transition redelivered = transitions.apply(inState(KycState.APPROVED), result("cmd-old", new VerificationStarted()), NOW);

        assertThat(redelivered.statusEvents()).isEmpty();
        assertThat(redelivered.kycCase().orElseThrow().getState()).isEqualTo(KycState.APPROVED);
    }

    @Test
    void aVendorThatStayedUnavailableSendsTheCaseToManualReviewAndTellsTheWaitingCaller() {
        final Transition unavailable = transitions.apply(inState(KycState.KYC_PENDING), result(PENDING_COMMAND_ID,
                new org.kycorchestrator.schemas.providers.VendorError("initiate", 503, "vendor_unavailable", "down", true)), NOW);

        assertThat(unavailable.statusEvents()).extracting(KycStatusEvent::getTo, KycStatusEvent::getReasonCodes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(KycState.MANUAL_REVIEW, List.of("vendor_unavailable")));
        assertThat(unavailable.commandResult().orElseThrow().getErrors()).extracting(e -> e.getCode()).containsExactly("service_unavailable");
    }

    @Test
    void aVendorAnswerToACommandAnsweredAlreadyDoesNotAnswerItAgain() {
        // given a registration, accepted at once, whose vendor profile request then fails
        final KycCase registered = transitions.apply(null, command("cmd-r", new RegisterCustomer("ext-1", Vendor.XGATEWAY,
                CaseFixtures.PROFILE, List.of())), NOW).kycCase().orElseThrow();

        final Transition failed = transitions.apply(registered, result("cmd-r",
                new org.kycorchestrator.schemas.providers.VendorError("create_profile", 400, "bad_request", "no", false)), NOW);

        // then the merchant is not told a second, different outcome
        assertThat(failed.commandResult()).isEmpty();
    }

    @Test
    void anotherTenantsCustomerIsNotFoundAndItsCaseIsNeverShown() {
        final KycCommand foreign = KycCommand.newBuilder().setCommandId("cmd-x").setTenantId("tenant-b").setCustomerId(CaseFixtures.CUSTOMER)
                .setIssuedAt(NOW).setPayload(new RegisterCustomer("ext-1", Vendor.XGATEWAY, CaseFixtures.PROFILE, java.util.List.of())).build();

        final CommandResult answer = transitions.apply(inState(KycState.APPROVED), new KycInput.Command(foreign), NOW).commandResult().orElseThrow();

        assertThat(answer.getErrors()).extracting(e -> e.getCode()).containsExactly("not_found");
        assertThat(answer.getKycCase()).isNull();
        assertThat(answer.getTenantId()).isEqualTo("tenant-b");
    }

    @Test
    void eventsNumberEachCustomersChangesFromOneWithoutGaps() {
        KycCase kycCase = null;
        final List<KycInput> story = List.of(
                command("c1", new RegisterCustomer("ext-1", Vendor.XGATEWAY, CaseFixtures.PROFILE, java.util.List.of())),
                command("c2", new org.kycorchestrator.schemas.commands.CreateApplicant()),
                result("c2", new org.kycorchestrator.schemas.providers.ApplicantCreated("a")),
                command("c3", new org.kycorchestrator.schemas.commands.AcceptAgreements(CaseFixtures.HASH, CaseFixtures.HASH)),
                command("c4", new RequestLink(null, null)),
                result("c4", new org.kycorchestrator.schemas.providers.LinkIssued(new org.kycorchestrator.schemas.HostedLink("u", null), null)),
                command("c5", new StartVerification()),
                result("c5", new VerificationStarted()),
                status(KycState.APPROVED, "FULL_USER", NOW));
        final List<Long> sequences = new java.util.ArrayList<>();
        for (KycInput input : story) {
            final Transition transition = transitions.apply(kycCase, input, NOW);
            transition.statusEvents().forEach(e -> sequences.add(e.getSequence()));
            kycCase = transition.kycCase().orElseThrow();
        }
        assertThat(sequences).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(kycCase.getState()).isEqualTo(KycState.APPROVED);
    }

    private static KycInput phoneUpdate(final String commandId, final String phone) {
        return command(commandId, new UpdateProfile(new Profile(null, null, null, phone, null, null, null, null, null, null)));
    }

    private static KycInput status(final KycState state, final String vendorStatus, final java.time.Instant vendorTime) {
        return result(new StatusObserved(vendorStatus, state, List.of(), List.of(), null, vendorTime, null));
    }
}
