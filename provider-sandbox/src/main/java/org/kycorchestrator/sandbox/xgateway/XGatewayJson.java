package org.kycorchestrator.sandbox.xgateway;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The JSON bodies xGateway sends, as records written by the sandbox's one ObjectMapper. */
final class XGatewayJson {

    private XGatewayJson() {
    }

    @JsonPropertyOrder({"success", "data"})
    record Success(boolean success, Object data) {
        static Success of(final Object data) {
            return new Success(true, data);
        }
    }

    @JsonPropertyOrder({"success", "errors"})
    record Failure(boolean success, List<Error> errors) {
        static Failure of(final String code, final String message) {
            return new Failure(false, List.of(new Error(code, message)));
        }
    }

    @JsonPropertyOrder({"code", "message"})
    record Error(String code, String message) {
    }

    @JsonPropertyOrder({"id", "status"})
    record User(String id, String status) {
    }

    @JsonPropertyOrder({"id"})
    record Applicant(String id) {
    }

    @JsonPropertyOrder({"id", "status", "docsMissing", "kycEndUserErrorMessage"})
    record KycStatus(String id, String status, List<MissingDoc> docsMissing, String kycEndUserErrorMessage) {
        static KycStatus of(final XGatewayKycView view) {
            return new KycStatus(view.customerId(), view.status().name(), MissingDoc.of(view.docsMissing()),
                    view.kycEndUserErrorMessage());
        }
    }

    @JsonPropertyOrder({"docType"})
    record MissingDoc(String docType) {
        static List<MissingDoc> of(final List<String> docTypes) {
            return docTypes.stream().map(MissingDoc::new).toList();
        }
    }

    /** The KYC callback: {@code hash} is base64(SHA-512(customerId + "." + secretKey)). */
    @JsonPropertyOrder({"callbackType", "customerId", "docsMissing", "kycRejectLabel", "kycEndUserErrorMessage",
            "status", "hash"})
    record KycCallback(String callbackType, String customerId, List<MissingDoc> docsMissing,
                       List<String> kycRejectLabel, String kycEndUserErrorMessage, String status, String hash) {
        static KycCallback of(final XGatewayKycView view, final String hash) {
            return new KycCallback("kyc", view.customerId(), MissingDoc.of(view.docsMissing()),
                    view.kycRejectLabel(), view.kycEndUserErrorMessage(), view.status().name(), hash);
        }
    }
}
