package org.kycorchestrator.sandbox.capa;

/**
 * Ends a request the way Capa documents its errors: an HTTP status with an upper-case {@code code}
 * and a message, written as {@code {"statusCode","code","message"}}. Messages name fields but never
 * echo their values, which may be personal data.
 */
final class CapaApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final String UNAUTHORIZED = "UNAUTHORIZED";
    static final String INVALID_USER_INPUT_ERROR = "INVALID_USER_INPUT_ERROR";
    static final String INVALID_VERIFICATION_TYPE_FOR_USER = "INVALID_VERIFICATION_TYPE_FOR_USER";
    static final String BAD_REQUEST = "BAD_REQUEST";
    static final String NOT_FOUND_ERROR = "NOT_FOUND_ERROR";
    /** Not in Capa's error tables, which only say that a reused externalUserId "causes a conflict". */
    static final String CONFLICT_ERROR = "CONFLICT_ERROR";
    static final String INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR";

    private final int status;
    private final String code;

    CapaApiException(final int status, final String code, final String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static CapaApiException apiKeyMissing() {
        return new CapaApiException(401, UNAUTHORIZED, "API Key is missing");
    }

    static CapaApiException apiKeyInvalid() {
        return new CapaApiException(401, UNAUTHORIZED, "Invalid API Key");
    }

    static CapaApiException invalidInput(final String detail) {
        return new CapaApiException(400, INVALID_USER_INPUT_ERROR, "Invalid User Input: " + detail);
    }

    static CapaApiException invalidEmail() {
        return new CapaApiException(400, BAD_REQUEST, "Provided email is not valid");
    }

    static CapaApiException conflict(final String what) {
        return new CapaApiException(409, CONFLICT_ERROR, "A user with this " + what + " already exists");
    }

    static CapaApiException userNotFound() {
        return new CapaApiException(404, NOT_FOUND_ERROR, "Requested user was not found");
    }

    static CapaApiException kycNotFound() {
        return new CapaApiException(404, NOT_FOUND_ERROR, "Requested KYC verification was not found");
    }

    static CapaApiException notKycUser() {
        return new CapaApiException(400, INVALID_VERIFICATION_TYPE_FOR_USER,
                "KYC verification is only available for INDIVIDUAL users; BUSINESS users go through KYB");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The code for a failure outside Capa's own handling (no such route, an unexpected error). */
    static String codeFor(final int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND_ERROR;
            case 409 -> CONFLICT_ERROR;
            default -> status < 500 ? BAD_REQUEST : INTERNAL_SERVER_ERROR;
        };
    }
}
