package org.kycorchestrator.sandbox.capa;

import java.util.Objects;

/**
 * One user at the simulated Capa and its KYC. Every method is atomic (synchronized on the user).
 * A user has at most one open hosted session: each link replaces the previous one, and submitting
 * the session closes it. Once submitted, the KYC is not started again.
 */
final class CapaUser {

    /** A submitted hosted session: the verdict it will get, and where the browser goes next. */
    record Submission(CapaKycStatus verdict, String redirectUri) {
    }

    private final String userId;
    private final String type;
    private final String email;
    private final String externalUserId;
    private CapaKycStatus status;
    private String sessionToken;
    private String verificationSessionId;
    private String redirectUri;
    private CapaPersonalInfo personalInfo;

    CapaUser(final String userId, final String type, final String email, final String externalUserId) {
        this.userId = Objects.requireNonNull(userId, "userId cannot be null");
        this.type = type;
        this.email = email;
        this.externalUserId = externalUserId;
    }

    String userId() {
        return userId;
    }

    String type() {
        return type;
    }

    String email() {
        return email;
    }

    String externalUserId() {
        return externalUserId;
    }

    boolean individual() {
        return "INDIVIDUAL".equals(type);
    }

    /**
     * Opens a hosted session behind a new link, replacing any open one, whose token it returns
     * ({@code null} for none).
     *
     * @throws CapaApiException {@code INVALID_USER_INPUT_ERROR} once the KYC has been submitted
     */
    synchronized String openSession(final String token, final String sessionId, final String redirect,
                                  final CapaPersonalInfo info) {
        if (status != null && status.submitted()) {
            throw CapaApiException.invalidInput("the user's KYC has already been submitted (" + status + ")");
        }
        final String replaced = sessionToken;
        status = CapaKycStatus.NOT_STARTED;
        sessionToken = token;
        verificationSessionId = sessionId;
        redirectUri = redirect;
        personalInfo = info;
        return replaced;
    }

    synchronized boolean hasOpenSession(final String token) {
        return token.equals(sessionToken);
    }

    /**
     * The end user finished the hosted flow of session {@code token}; {@code null} when that session
     * is not the open one (replaced, or already submitted).
     */
    synchronized Submission submit(final String token, final String lastName) {
        if (!hasOpenSession(token)) {
            return null;
        }
        sessionToken = null;
        status = CapaKycStatus.IN_PROGRESS;
        return new Submission(CapaMagicValues.verdictFor(lastName), redirectUri);
    }

    /** Gives the submitted KYC its verdict; false when there is nothing awaiting one. */
    synchronized boolean decide(final CapaKycStatus verdict) {
        if (status != CapaKycStatus.IN_PROGRESS) {
            return false;
        }
        status = verdict;
        return true;
    }

    synchronized CapaKycStatus status() {
        return status;
    }

    /**
     * What the details call shows.
     *
     * @throws CapaApiException {@code NOT_FOUND_ERROR} before any link was issued
     */
    synchronized CapaJson.Details details() {
        if (status == null) {
            throw CapaApiException.kycNotFound();
        }
        return new CapaJson.Details(new CapaJson.Summary(status.name()), userId,
                personalInfo == null ? null : new CapaJson.ReferenceData(personalInfo), verificationSessionId);
    }

    @Override
    public String toString() {
        return "CapaUser[userId=" + userId + ", externalUserId=" + externalUserId + "]";
    }
}
