package org.kycorchestrator.sandbox.grid;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One typed entry of a verification's {@code errors[]}: what blocks it and on which resource.
 * {@code field} is present for field errors, {@code acceptedDocumentTypes} for document errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"resourceId", "type", "field", "acceptedDocumentTypes", "reason"})
record GridVerificationError(String resourceId, String type, String field, List<String> acceptedDocumentTypes,
                             String reason) {

    static GridVerificationError field(final String resourceId, final String type, final String field, final String reason) {
        return new GridVerificationError(resourceId, type, field, null, reason);
    }

    static GridVerificationError document(final String resourceId, final String type, final List<String> accepted,
                                          final String reason) {
        return new GridVerificationError(resourceId, type, null, List.copyOf(accepted), reason);
    }

    static GridVerificationError applicant(final String resourceId, final String type, final String reason) {
        return new GridVerificationError(resourceId, type, null, null, reason);
    }
}
