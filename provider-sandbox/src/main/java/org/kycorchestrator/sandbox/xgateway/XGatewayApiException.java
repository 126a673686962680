package org.kycorchestrator.sandbox.xgateway;

/** Ends a request with xGateway's error envelope {@code {"success":false,"errors":[{code,message}]}}. */
final class XGatewayApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    XGatewayApiException(final int status, final String code, final String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static XGatewayApiException badRequest(final String message) {
        return new XGatewayApiException(400, "bad_request", message);
    }

    static XGatewayApiException unauthorized() {
        return new XGatewayApiException(401, "unauthorized", "You do not have permission to access this resource.");
    }

    static XGatewayApiException customerNotFound(final String customerId) {
        return new XGatewayApiException(404, "not_found", "Customer " + customerId + " was not found.");
    }

    static XGatewayApiException preconditionFailed(final String message) {
        return new XGatewayApiException(400, "precondition_failed", message);
    }

    static XGatewayApiException internalServerError() {
        return new XGatewayApiException(500, "internal_server_error", "Internal server error.");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The lower_snake_case code xGateway uses for an HTTP status (the enums of its OpenAPI documents). */
    static String codeFor(final int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 408 -> "request_timeout";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 501 -> "not_implemented";
            case 502 -> "bad_gateway";
            case 503 -> "service_unavailable";
            case 504 -> "gateway_timeout";
            default -> status < 500 ? "bad_request" : "internal_server_error";
        };
    }
}
