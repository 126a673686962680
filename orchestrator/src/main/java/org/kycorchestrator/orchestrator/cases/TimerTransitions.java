package org.kycorchestrator.orchestrator.cases;

import java.util.List;

import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.providers.FetchStatus;

/** Deadlines the case set for itself. A timer that is no longer due does nothing. */
final class TimerTransitions {

    private final Step step;

    TimerTransitions(final Step step) {
        this.step = step;
    }

    Step apply(final KycInput.Timer timer) {
        return timer == KycInput.Timer.LINK_EXPIRY ? linkExpiry() : verificationTimeout();
    }

    private Step linkExpiry() {
        final KycCase kycCase = step.kycCase();
        if (kycCase.getLink() == null || kycCase.getLinkExpired() || kycCase.getLink().getExpiresAt() == null
                || kycCase.getLink().getExpiresAt().isAfter(step.now())) {
            return step;
        }
        return step.update(b -> b.setLinkExpired(true)).notice("kyc.link_expired", List.of("link_expired"));
    }

    /** Polls the vendor with a doubling wait; when the polls are used up, people must look. */
    private Step verificationTimeout() {
        final KycCase kycCase = step.kycCase();
        if (step.state() != KycState.VERIFICATION_IN_PROGRESS || kycCase.getVerificationDeadline() == null
                || kycCase.getVerificationDeadline().isAfter(step.now())) {
            return step;
        }
        if (kycCase.getPolls() >= step.rules().maxPolls()) {
            step.update(b -> b.setVerificationDeadline(null));
            return step.move(KycState.MANUAL_REVIEW, List.of("vendor_timeout"), null);
        }
        final int poll = kycCase.getPolls() + 1;
        step.update(b -> b.setPolls(poll).setVerificationDeadline(step.now().plus(step.rules().pollDelay(poll))));
        return step.request(null, "poll-" + kycCase.getAttempts() + "-" + poll, new FetchStatus("timeout", kycCase.getVendorReference()));
    }
}
