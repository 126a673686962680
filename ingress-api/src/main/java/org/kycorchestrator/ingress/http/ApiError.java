package org.kycorchestrator.ingress.http;

import java.util.List;

/**
 * A request the API refuses: its HTTP status and every problem found, each with a code from the
 * envelope's vocabulary and a message that names the field. Thrown by handlers, written once by
 * {@link Envelope}.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final List<Problem> problems;

    public ApiError(final int status, final List<Problem> problems) {
        super(problems.isEmpty() ? "HTTP " + status : problems.get(0).message(), null, false, false);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public ApiError(final int status, final String code, final String message) {
        this(status, List.of(new Problem(code, message)));
    }

    public int status() {
        return status;
    }

    public List<Problem> problems() {
        return problems;
    }

    public record Problem(String code, String message) {
    }

    public static ApiError badRequest(final String message) {
        return new ApiError(400, "bad_request", message);
    }

    public static ApiError notFound(final String message) {
        return new ApiError(404, "not_found", message);
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "a valid x-api-key header is required");
    }

    public static ApiError serviceUnavailable(final String message) {
        return new ApiError(503, "service_unavailable", message);
    }

    /** The HTTP status of an error code of the envelope's vocabulary. */
    public static int statusOf(final String code) {
        return switch (code) {
            case "bad_request" -> 400;
            case "unauthorized" -> 401;
            case "forbidden" -> 403;
            case "not_found" -> 404;
            case "conflict" -> 409;
            case "precondition_failed" -> 412;
            case "payload_too_large" -> 413;
            case "unsupported_media_type" -> 415;
            case "too_many_requests" -> 429;
            case "bad_gateway" -> 502;
            case "service_unavailable" -> 503;
            case "not_implemented" -> 501;
            case "internal_server_error" -> 500;
            default -> 422;
        };
    }
}
