package org.kycorchestrator.sandbox.grid;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The JSON bodies Grid sends, as records written by the sandbox's one ObjectMapper. Times are ISO 8601 UTC. */
final class GridJson {

    static final String INDIVIDUAL = "INDIVIDUAL";
    static final String PROVIDER = "SUMSUB";

    private GridJson() {
    }

    /** An individual customer; absent fields are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "platformCustomerId", "customerType", "umaAddress", "kycStatus", "fullName", "birthDate",
            "nationality", "email", "phoneNumber", "createdAt", "updatedAt", "isDeleted"})
    record Customer(String id, String platformCustomerId, String customerType, String umaAddress, String kycStatus,
                    String fullName, String birthDate, String nationality, String email, String phoneNumber,
                    String createdAt, String updatedAt, @JsonProperty("isDeleted") boolean isDeleted) {

        static Customer of(final GridCustomerView view) {
            final GridProfile p = view.profile();
            return new Customer(view.id(), view.platformCustomerId(), INDIVIDUAL, view.umaAddress(), view.kycStatus().name(),
                    p.fullName(), p.birthDate(), p.nationality(), p.email(), p.phoneNumber(),
                    view.createdAt().toString(), view.updatedAt().toString(), false);
        }
    }

    @JsonPropertyOrder({"id", "customerId", "verificationStatus", "errors", "createdAt", "updatedAt"})
    record Verification(String id, String customerId, String verificationStatus, List<GridVerificationError> errors,
                        String createdAt, String updatedAt) {

        static Verification of(final GridVerification verification) {
            return new Verification(verification.id(), verification.customerId(), verification.status().name(),
                    verification.errors(), verification.createdAt().toString(), verification.updatedAt().toString());
        }
    }

    /** A list answer; the sandbox returns every match on one page. */
    @JsonPropertyOrder({"data", "hasMore", "totalCount"})
    record Page(List<?> data, boolean hasMore, int totalCount) {
        static Page of(final List<?> data) {
            return new Page(data, false, data.size());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"kycUrl", "expiresAt", "provider", "token"})
    record KycLink(String kycUrl, String expiresAt, String provider, String token) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"status", "code", "message", "details"})
    record Error(int status, String code, String message, Details details) {
        static Error of(final int status, final String code, final String message,
                        final List<GridApiException.FieldError> fieldErrors) {
            return new Error(status, code, message, fieldErrors.isEmpty() ? null : new Details(fieldErrors));
        }
    }

    record Details(List<GridApiException.FieldError> errors) {
    }

    /** A webhook: {@code data} is the resource as its GET would return it. */
    @JsonPropertyOrder({"id", "type", "timestamp", "data"})
    record Webhook(String id, String type, String timestamp, Object data) {
        static Webhook of(final String id, final GridEvent event, final String timestamp) {
            final Object data = event.data() instanceof GridCustomerView customer ? Customer.of(customer)
                    : Verification.of((GridVerification) event.data());
            return new Webhook(id, event.type(), timestamp, data);
        }
    }
}
