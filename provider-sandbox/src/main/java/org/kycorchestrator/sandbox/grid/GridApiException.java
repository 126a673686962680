package org.kycorchestrator.sandbox.grid;

import java.util.List;

/**
 * Ends a request with Grid's error envelope {@code {"status","code","message","details"}}. The
 * codes are the UPPER_SNAKE_CASE ones of Grid's error schemas; {@code details.errors} lists
 * field-level problems as {@code [{"field","message"}]}.
 */
final class GridApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One field-level problem, as Grid lists them under {@code details.errors}. */
    record FieldError(String field, String message) {
    }

    private final int status;
    private final String code;
    private final transient List<FieldError> fieldErrors;
    private final long retryAfterSeconds;

    private GridApiException(final int status, final String code, final String message, final List<FieldError> fieldErrors,
                             final long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fieldErrors = fieldErrors;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static GridApiException invalidInput(final String message) {
        return new GridApiException(400, "INVALID_INPUT", message, List.of(), 0);
    }

    /** A 400 naming the field; the message never echoes the value, which may be personal data. */
    static GridApiException invalidField(final String field, final String problem) {
        return new GridApiException(400, "INVALID_INPUT", "Invalid input: " + field + " " + problem + ".",
                List.of(new FieldError(field, problem)), 0);
    }

    static GridApiException unauthorized() {
        return new GridApiException(401, "UNAUTHORIZED", "Missing or invalid API credentials.", List.of(), 0);
    }

    static GridApiException customerNotFound(final String customerId) {
        return new GridApiException(404, "USER_NOT_FOUND", "Customer " + customerId + " was not found.", List.of(), 0);
    }

    /**
     * Another customer already has this {@code platformCustomerId}, which Grid keeps unique per
     * platform. Grid's error schema names no code for it; the sandbox answers {@code CONFLICT}.
     */
    static GridApiException platformCustomerIdTaken() {
        return new GridApiException(409, "CONFLICT", "A customer with this platformCustomerId already exists.", List.of(), 0);
    }

    /**
     * The customer's e-mail or phone still needs verifying before a KYC link may be issued. Grid
     * documents the 409 but its error schema names no code for it; the sandbox answers
     * {@code CONTACT_VERIFICATION_REQUIRED}.
     */
    static GridApiException contactVerificationRequired() {
        return new GridApiException(409, "CONTACT_VERIFICATION_REQUIRED",
                "The customer's email and phone must be verified before a KYC link can be generated.", List.of(), 0);
    }

    static GridApiException rateLimited(final long retryAfterSeconds) {
        return new GridApiException(429, "RATE_LIMITED", "Too many requests; retry after the Retry-After interval.",
                List.of(), retryAfterSeconds);
    }

    static GridApiException internalError() {
        return new GridApiException(500, "INTERNAL_ERROR", "Internal server error.", List.of(), 0);
    }

    /** Any other status, e.g. an unknown route or method, with the code Grid uses for it. */
    static GridApiException of(final int status, final String message) {
        return new GridApiException(status, codeFor(status), message, List.of(), 0);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** Seconds for the {@code Retry-After} header; 0 when there is none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The code of Grid's error schema for an HTTP status. */
    static String codeFor(final int status) {
        return switch (status) {
            case 400 -> "INVALID_INPUT";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 409 -> "CONFLICT";
            case 429 -> "RATE_LIMITED";
            default -> status < 500 ? "INVALID_INPUT" : "INTERNAL_ERROR";
        };
    }
}
