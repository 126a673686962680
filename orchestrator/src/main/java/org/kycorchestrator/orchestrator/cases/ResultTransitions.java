package org.kycorchestrator.orchestrator.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.providers.ApplicantCreated;
import org.kycorchestrator.schemas.providers.CallbackReceived;
import org.kycorchestrator.schemas.providers.FetchStatus;
import org.kycorchestrator.schemas.providers.LinkFailed;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.schemas.providers.VendorError;
import org.kycorchestrator.schemas.providers.VerificationStarted;

/** What the vendors said, normalised by the workers. A callback only triggers a status read. */
final class ResultTransitions {

    /** The outcomes of a verification; statuses from before one do not move a case that is verifying. */
    private static final Set<KycState> VERDICTS = EnumSet.of(KycState.MANUAL_REVIEW, KycState.SOFT_KYC_FAILED,
            KycState.HARD_KYC_FAILED, KycState.APPROVED);

    private static final String VENDOR_UNAVAILABLE = "vendor_unavailable";

    private final Step step;

    ResultTransitions(final Step step) {
        this.step = step;
    }

    Step apply(final ProviderResult result) {
        final Object payload = result.getPayload();
        final String commandId = result.getCommandId();
        if (payload instanceof ApplicantCreated created) {
            step.update(b -> b.setApplicantCreated(true).setApplicantId(created.getApplicantId()));
            return KycTransitions.settleDataState(step, "applicant_created").accept(commandId, true);
        }
        if (payload instanceof LinkIssued issued) {
            step.update(b -> b.setLink(issued.getLink()).setLinkExpired(false)
                    .setVendorReference(issued.getVendorReference() != null ? issued.getVendorReference() : b.getVendorReference()));
            return KycTransitions.settleDataState(step, "link_issued").accept(commandId, true);
        }
        if (payload instanceof LinkFailed failed) {
            return step.reject(commandId, VendorCodes.ours(failed.getHttpStatus()), vendor() + " refused the link: "
                    + failed.getCode() + " " + failed.getMessage());
        }
        if (payload instanceof VerificationStarted) {
            return verificationStarted(commandId);
        }
        if (payload instanceof StatusObserved observed) {
            return statusObserved(result, observed);
        }
        if (payload instanceof CallbackReceived) {
            return step.request(null, "status-" + result.getResultId(), new FetchStatus("callback", step.kycCase().getVendorReference()));
        }
        if (payload instanceof VendorError error) {
            return VENDOR_UNAVAILABLE.equals(error.getCode()) ? vendorUnavailable(commandId, error)
                    : step.reject(commandId, VendorCodes.ours(error.getHttpStatus()), vendor() + " refused " + error.getOperation()
                    + ": " + error.getCode() + " " + error.getMessage());
        }
        return step;
    }

    /**
     * Only the answer to a verification the case is waiting for moves it: a redelivered answer to an
     * earlier one must not pull an approved customer back into verification.
     */
    /**
     * The worker gave up on the vendor after every retry, and kept the request in its dead-letter
     * topic: people must look, so the case goes to manual review unless it is already decided.
     */
    private Step vendorUnavailable(final String commandId, final VendorError error) {
        step.reject(commandId, "service_unavailable", vendor() + " is unavailable: " + error.getMessage());
        final KycState state = step.state();
        if (state == KycState.HARD_KYC_FAILED || state == KycState.APPROVED || state == KycState.MANUAL_REVIEW) {
            return step;
        }
        step.update(b -> b.setVerificationDeadline(null));
        return step.move(KycState.MANUAL_REVIEW, List.of(VENDOR_UNAVAILABLE), null);
    }

    private Step verificationStarted(final String commandId) {
        final KycState state = step.state();
        if (!step.isPending(commandId) || !KycTransitions.VERIFICATION_STATES.contains(state) && state != KycState.APPROVED) {
            return step.accept(commandId, false);
        }
        final List<String> reasons = state == KycState.APPROVED ? List.of("verification_started", "new_generation")
                : List.of("verification_started");
        step.update(b -> b.setVerificationDeadline(step.now().plus(step.rules().verificationTimeout())).setPolls(0)
                .setDocsMissing(List.of()).setRejectLabels(List.of()).setEndUserMessage(null));
        return step.move(KycState.VERIFICATION_IN_PROGRESS, reasons, null).accept(commandId, false);
    }

    private Step statusObserved(final ProviderResult result, final StatusObserved observed) {
        final KycCase kycCase = step.kycCase();
        final Instant vendorTime = observed.getVendorTime() != null ? observed.getVendorTime() : result.getObservedAt();
        final boolean olderSequence = observed.getVendorSequence() != null && kycCase.getLastVendorSequence() != null
                && observed.getVendorSequence() < kycCase.getLastVendorSequence();
        final boolean olderTime = kycCase.getLastVendorTime() != null && vendorTime.isBefore(kycCase.getLastVendorTime());
        if (olderSequence || olderTime) {
            return step.ignore(result, observed.getVendorStatus(), "stale");
        }
        step.update(b -> b.setLastVendorTime(vendorTime).setLastVendorSequence(
                observed.getVendorSequence() != null ? observed.getVendorSequence() : b.getLastVendorSequence()));
        final KycState target = observed.getState();
        final KycState state = step.state();
        if (target == null || target == state) {
            return step;
        }
        if (state == KycState.HARD_KYC_FAILED || state == KycState.APPROVED && target != KycState.HARD_KYC_FAILED) {
            return step.ignore(result, observed.getVendorStatus(), "final_state");
        }
        final boolean verifying = state == KycState.VERIFICATION_IN_PROGRESS || state == KycState.MANUAL_REVIEW;
        if (verifying && !VERDICTS.contains(target)) {
            return step.ignore(result, observed.getVendorStatus(), "verification_in_progress");
        }
        final List<String> reasons = reasons(observed, state == KycState.APPROVED);
        step.update(b -> b.setDocsMissing(List.copyOf(observed.getDocsMissing())).setRejectLabels(List.copyOf(observed.getRejectLabels()))
                .setEndUserMessage(observed.getEndUserMessage())
                .setVerificationDeadline(target == KycState.VERIFICATION_IN_PROGRESS ? b.getVerificationDeadline() : null));
        return step.move(target, reasons, observed.getVendorStatus());
    }

    private static List<String> reasons(final StatusObserved observed, final boolean revocation) {
        final List<String> reasons = new ArrayList<>();
        observed.getRejectLabels().forEach(label -> reasons.add(code(label)));
        observed.getDocsMissing().forEach(doc -> reasons.add("missing_" + code(doc)));
        if (revocation) {
            reasons.add("vendor_revoked");
        }
        if (reasons.isEmpty() && observed.getVendorStatus() != null) {
            reasons.add("vendor_status_" + code(observed.getVendorStatus()));
        }
        return reasons;
    }

    private String vendor() {
        return step.kycCase().getVendor().name().toLowerCase(Locale.ROOT);
    }

    private static String code(final String text) {
        return text.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }
}
