package org.kycorchestrator.ingress.documents;

import org.kycorchestrator.ingress.http.ApiError;

/**
 * What Jetty's multipart parser threw, as the answer the merchant gets. Jetty reports every failure
 * as a "400: bad multipart", with the reason only in the cause's message; an exceeded limit ("max
 * file size exceeded", "max length exceeded") is told apart by that message, and
 * {@code DocumentUploadRouteTest} fails should a Jetty upgrade change it.
 */
final class MultipartFailures {

    private static final String[] LIMITS = {"max file size exceeded", "max length exceeded"};

    private MultipartFailures() {
    }

    static ApiError asApiError(final Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalStateException && isLimit(cause.getMessage())) {
                return DocumentUploads.tooLarge();
            }
        }
        return new ApiError(400, "bad_request", "the body is not a complete multipart/form-data form");
    }

    private static boolean isLimit(final String message) {
        if (message == null) {
            return false;
        }
        for (String limit : LIMITS) {
            if (message.startsWith(limit)) {
                return true;
            }
        }
        return false;
    }
}
