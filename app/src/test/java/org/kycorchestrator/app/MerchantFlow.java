package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A merchant's backend taking its customers through the KYC flow, one named step at a time, each
 * waiting for the outcome ({@code Prefer: wait=20}). A step checks only that it was taken, by the
 * status it answers with, showing the answer when it was not; what a test is about, it asserts
 * itself on the case a step returns.
 */
final class MerchantFlow {

    private static final String HASH = Base64.getEncoder().encodeToString(new byte[32]);
    /** The privacy policy and the terms and conditions the customer accepts. */
    static final String AGREEMENTS = "{\"privacyPolicyHash\":\"" + HASH + "\",\"termsAndConditionsHash\":\"" + HASH + "\"}";
    static final String LINK = "{\"locale\":\"en\",\"redirectUri\":\"https://merchant.example/kyc-done\"}";

    private final ApiClient api;

    MerchantFlow(final ApiClient api) {
        this.api = api;
    }

    /** Registers the customer the body describes; the new customer's id. */
    String register(final String body) {
        return registered(body).path("customerId").asText();
    }

    /** Registers the customer the body describes; the case as registered, with its id and vendor. */
    JsonNode registered(final String body) {
        return step("/v1/customers", body, 201);
    }

    /** Creates the customer's applicant at its vendor; the case. */
    JsonNode applicant(final String customerId) {
        return step(customer(customerId, "applicant"), "{}", 201);
    }

    /** The customer accepts the privacy policy and the terms and conditions; the case. */
    JsonNode agreements(final String customerId) {
        return step(customer(customerId, "agreements"), AGREEMENTS, 200);
    }

    /** Asks for the vendor's hosted flow, in English and coming back to the merchant; the link's url. */
    String link(final String customerId) {
        return linked(customerId).path("link").path("url").asText();
    }

    /** Asks for the vendor's hosted flow, in English and coming back to the merchant; the case, with the link. */
    JsonNode linked(final String customerId) {
        return step(customer(customerId, "link"), LINK, 201);
    }

    /** Starts the verification at the vendor; the case. */
    JsonNode verification(final String customerId) {
        return step(customer(customerId, "verification"), "", 200);
    }

    /** Uploads one document, of the type and (for a two-sided one) the side; the case, listing its documents. */
    JsonNode document(final String customerId, final String type, final String side, final String fileName, final byte[] content) {
        final String boundary = "e2e-" + UUID.randomUUID();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(part(boundary, "type", type));
        if (side != null) {
            body.writeBytes(part(boundary, "side", side));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        final String path = customer(customerId, "documents");
        return taken(path, api.post(path, "multipart/form-data; boundary=" + boundary, body.toByteArray(), "Prefer", "wait=20"), 201);
    }

    private JsonNode step(final String path, final String json, final int expectedStatus) {
        return taken(path, api.post(path, json, "Prefer", "wait=20"), expectedStatus);
    }

    private static JsonNode taken(final String path, final ApiClient.Answer answer, final int expectedStatus) {
        assertThat(answer.status()).as("POST %s answered %s", path, answer.body()).isEqualTo(expectedStatus);
        return answer.data();
    }

    private static String customer(final String customerId, final String step) {
        return "/v1/customers/" + customerId + "/kyc/" + step;
    }

    private static byte[] part(final String boundary, final String name, final String value) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
