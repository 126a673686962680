package org.kycorchestrator.sandbox.paycc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The JSON bodies IPAYMENT sends, as records written by the sandbox's one ObjectMapper. */
final class PayccJson {

    private PayccJson() {
    }

    /** Every answer: {@code data} only on success, {@code message} a text or a field → errors object. */
    @JsonPropertyOrder({"code", "status", "message", "data"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Envelope(String code, String status, Object message, Object data) {
        static Envelope of(final PayccCode code, final Object message, final Object data) {
            return new Envelope(code.code(), code.name(), message, data);
        }
    }

    /** {@code data} of the init call: the hosted KYC URL and the id to poll its status with. */
    @JsonPropertyOrder({"url", "kid"})
    record Init(String url, String kid) {
    }

    /** {@code data} of a finished KYC: {@code {"kyc":{...}}}. */
    @JsonPropertyOrder({"kyc"})
    record Done(Record kyc) {
    }

    /**
     * The KYC record of an approved customer, as the vendor returns it: full of personal data. Only
     * the last four Aadhaar digits are shown; the photo is a base64 image.
     */
    @JsonPropertyOrder({"name", "faceMatch", "aadhaar", "dob", "photo", "address", "pan"})
    record Record(String name, boolean faceMatch, String aadhaar, String dob, String photo, String address, String pan) {
    }
}
