package org.kycorchestrator.sandbox.capa;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON bodies Capa sends, as records written by the sandbox's one ObjectMapper. Capa's routes
 * use two success envelopes: the {@code /users} routes {@code {"success":true,"data"}}, the older
 * KYC routes {@code {"status":"ok","data"}}.
 */
final class CapaJson {

    private CapaJson() {
    }

    @JsonPropertyOrder({"success", "data"})
    record Success(boolean success, Object data) {
        static Success of(final Object data) {
            return new Success(true, data);
        }
    }

    @JsonPropertyOrder({"status", "data"})
    record Ok(String status, Object data) {
        static Ok of(final Object data) {
            return new Ok("ok", data);
        }
    }

    @JsonPropertyOrder({"statusCode", "code", "message"})
    record Failure(int statusCode, String code, String message) {
    }

    record UserCreated(String userId) {
    }

    @JsonPropertyOrder({"userId", "type", "email", "externalUserId"})
    record User(String userId, String type, String email, String externalUserId) {
    }

    record KycLink(String kycLink) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"aipriseSummary", "clientReferenceId", "clientReferenceData", "verificationSessionId"})
    record Details(Summary aipriseSummary, String clientReferenceId, ReferenceData clientReferenceData,
                   String verificationSessionId) {
    }

    record Summary(String verificationResult) {
    }

    record ReferenceData(CapaPersonalInfo personalInfo) {
    }

    /** A KYC webhook; Capa signs exactly these compact bytes. */
    @JsonPropertyOrder({"type", "event", "externalUserId"})
    record Webhook(String type, String event, String externalUserId) {
        static Webhook kyc(final String event, final String externalUserId) {
            return new Webhook("KYC", event, externalUserId);
        }
    }

    static List<User> users(final List<CapaUser> users) {
        return users.stream().map(u -> new User(u.userId(), u.type(), u.email(), u.externalUserId())).toList();
    }
}
