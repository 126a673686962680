package org.kycorchestrator.sandbox.paycc;

import java.util.Map;

/**
 * Ends a request with IPAYMENT's error envelope {@code {"code","status","message"}}. The message is
 * a text, except for {@code 0x0203 MISSING_PARAMETER}, whose message is an object of field → errors.
 */
final class PayccApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient PayccCode code;
    private final int httpStatus;
    private final transient Object body;

    private PayccApiException(final PayccCode code, final int httpStatus, final Object message) {
        super(String.valueOf(message), null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.body = message;
    }

    static PayccApiException unauthorized() {
        return new PayccApiException(PayccCode.UNAUTHORIZED, 401, "Unauthorized access.");
    }

    static PayccApiException merchantNotAllowed() {
        return new PayccApiException(PayccCode.UNAUTHORIZED, 401, "The merchantCode does not belong to these credentials.");
    }

    static PayccApiException failure(final String message) {
        return new PayccApiException(PayccCode.FAILURE, 400, message);
    }

    static PayccApiException notFound(final String message) {
        return new PayccApiException(PayccCode.FAILURE, 404, message);
    }

    /** {@code errors}: each offending field with what is wrong with it; values are never echoed. */
    static PayccApiException missingParameter(final Map<String, ? extends Iterable<String>> errors) {
        return new PayccApiException(PayccCode.MISSING_PARAMETER, 400, errors);
    }

    static PayccApiException somethingWentWrong() {
        return new PayccApiException(PayccCode.SOMETHING_WENT_WRONG, 500, "Something went wrong, please try again.");
    }

    static PayccApiException of(final int httpStatus, final String message) {
        return new PayccApiException(PayccCode.forHttpStatus(httpStatus), httpStatus, message);
    }

    PayccCode code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** What goes in the envelope's {@code message}: a text, or the field → errors object. */
    Object body() {
        return body;
    }
}
