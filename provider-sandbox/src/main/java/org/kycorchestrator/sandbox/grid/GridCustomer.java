package org.kycorchestrator.sandbox.grid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One customer's simulated state at Grid, with their verifications. Every method is atomic
 * (synchronized on the customer).
 *
 * <p>The hosted flow runs in rounds. A link issued while the customer still has to go through the
 * flow ({@code UNVERIFIED}, on {@code HOLD}, or with errors to resolve) opens a round: the customer
 * then {@link #submit submits} the flow, which starts a verification, and later the verification is
 * {@link #decide decided} by the customer's name. Only the open round may move the state, so a late
 * step of an old round changes nothing.
 */
final class GridCustomer {

    /** What a KYC link request gets. */
    enum LinkAnswer {
        /** Issued; {@code round} is the newly opened round, or 0 when none was opened. */
        ISSUED,
        /** The {@code Flaky} fault: 429, nothing changes. */
        RATE_LIMITED,
        /** The e-mail is not verified yet: 409, nothing changes. */
        CONTACT_VERIFICATION_REQUIRED
    }

    record LinkRequest(LinkAnswer answer, long round) {
    }

    private static final String UNVERIFIED_EMAIL_PREFIX = "unverified";

    private final String id;
    private final String platformCustomerId;
    private final String umaAddress;
    private final Instant createdAt;
    private final List<GridVerification> verifications = new ArrayList<>();
    private GridProfile profile;
    private GridKycStatus kycStatus = GridKycStatus.UNVERIFIED;
    private Instant updatedAt;
    private long round;
    private boolean roundOpen;
    private boolean rateLimitSpent;

    GridCustomer(final String id, final String platformCustomerId, final String umaAddress, final GridProfile profile,
                 final Instant now) {
        this.id = id;
        this.platformCustomerId = platformCustomerId;
        this.umaAddress = umaAddress;
        this.profile = profile;
        this.createdAt = now;
        this.updatedAt = now;
    }

    String id() {
        return id;
    }

    String platformCustomerId() {
        return platformCustomerId;
    }

    synchronized GridCustomerView view() {
        return new GridCustomerView(id, platformCustomerId, umaAddress, profile, kycStatus, createdAt, updatedAt);
    }

    /** Applies an update of the profile fields present in {@code changes}. */
    synchronized GridCustomerView update(final Map<String, String> changes, final Instant now) {
        profile = profile.merge(changes);
        updatedAt = now;
        return view();
    }

    synchronized List<GridVerification> verifications() {
        return List.copyOf(verifications);
    }

    /**
     * A KYC link was asked for. Issuing it does not change the {@code kycStatus}; it opens a round
     * of the hosted flow when the customer still has to go through it and none is open.
     */
    synchronized LinkRequest linkRequested() {
        if (!rateLimitSpent && GridMagicValues.rateLimitsFirstLink(profile.fullName())) {
            rateLimitSpent = true;
            return new LinkRequest(LinkAnswer.RATE_LIMITED, 0);
        }
        if (profile.email() != null && profile.email().trim().toLowerCase(Locale.ROOT).startsWith(UNVERIFIED_EMAIL_PREFIX)) {
            return new LinkRequest(LinkAnswer.CONTACT_VERIFICATION_REQUIRED, 0);
        }
        if (roundOpen || !awaitingHostedFlow()) {
            return new LinkRequest(LinkAnswer.ISSUED, 0);
        }
        round++;
        roundOpen = true;
        return new LinkRequest(LinkAnswer.ISSUED, round);
    }

    /**
     * The customer finished the hosted flow of {@code submittedRound}: they are {@code PENDING} and a
     * verification is {@code IN_PROGRESS}. Returns what the webhooks announce (nothing for a stale round).
     */
    synchronized List<GridEvent> submit(final long submittedRound, final String verificationId, final Instant now) {
        if (submittedRound != round || !roundOpen) {
            return List.of();
        }
        final List<GridEvent> events = new ArrayList<>();
        final GridVerification verification = new GridVerification(verificationId, id, GridVerificationStatus.IN_PROGRESS,
                List.of(), now, now);
        verifications.add(verification);
        events.add(new GridEvent(GridVerificationStatus.IN_PROGRESS.webhookType(), verification));
        moveTo(GridKycStatus.PENDING, now, events);
        return events;
    }

    /**
     * Decides the verification of {@code decidedRound} by the customer's current name (see {@link
     * GridMagicValues}). Returns what the webhooks announce (nothing for a stale round or an outcome
     * that never comes).
     */
    synchronized List<GridEvent> decide(final long decidedRound, final Instant now) {
        if (decidedRound != round || !roundOpen || verifications.isEmpty()) {
            return List.of();
        }
        roundOpen = false;
        final GridOutcome outcome = GridMagicValues.outcomeFor(profile.fullName());
        if (outcome.verificationStatus() == null) {
            return List.of();
        }
        final List<GridEvent> events = new ArrayList<>();
        final int last = verifications.size() - 1;
        final GridVerification decided = verifications.get(last)
                .decided(outcome.verificationStatus(), outcome.errorsFor(id), now);
        verifications.set(last, decided);
        events.add(new GridEvent(decided.status().webhookType(), decided));
        if (outcome.kycStatus() != null) {
            moveTo(outcome.kycStatus(), now, events);
        }
        return events;
    }

    private void moveTo(final GridKycStatus status, final Instant now, final List<GridEvent> events) {
        if (kycStatus == status) {
            return;
        }
        kycStatus = status;
        updatedAt = now;
        if (status.webhookType() != null) {
            events.add(new GridEvent(status.webhookType(), view()));
        }
    }

    private boolean awaitingHostedFlow() {
        if (kycStatus == GridKycStatus.UNVERIFIED || kycStatus == GridKycStatus.HOLD) {
            return true;
        }
        return kycStatus == GridKycStatus.PENDING && !verifications.isEmpty()
                && verifications.get(verifications.size() - 1).status() == GridVerificationStatus.RESOLVE_ERRORS;
    }
}
