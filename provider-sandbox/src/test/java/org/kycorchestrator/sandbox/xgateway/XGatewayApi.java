package org.kycorchestrator.sandbox.xgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain java.net.http client of the simulated xGateway API, for tests. */
final class XGatewayApi {

    /** What a merchant sends for accepted agreements: base64 SHA-256 of the document. */
    static final String PRIVACY_POLICY_HASH = sha256Base64("xGateway privacy policy, version 3");
    static final String TERMS_HASH = sha256Base64("xGateway terms and conditions, version 7");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String apiKey;

    XGatewayApi(final String baseUrl, final String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    HttpResponse<String> post(final String path, final String body) {
        return send("POST", path, body, apiKey);
    }

    HttpResponse<String> get(final String path) {
        return send("GET", path, null, apiKey);
    }

    /** {@code key} {@code null} sends no {@code x-api-key} header. */
    HttpResponse<String> send(final String method, final String path, final String body, final String key) {
        return sendTo(URI.create(baseUrl + path), method, body, key);
    }

    static HttpResponse<String> sendTo(final URI uri, final String method, final String body, final String key) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("x-api-key", key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(final HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(final String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A user who has accepted both agreements. */
    HttpResponse<String> createUser(final String customerId, final String lastName) {
        return post(userPath(customerId), "{\"firstName\":\"Ada\",\"lastName\":\"" + lastName
                + "\",\"email\":\"ada@example.com\",\"country\":\"DE\",\"acceptedPrivacyPolicyHash\":\""
                + PRIVACY_POLICY_HASH + "\",\"acceptedTermsAndConditionsHash\":\"" + TERMS_HASH + "\"}");
    }

    HttpResponse<String> createUserWithoutAgreements(final String customerId, final String lastName) {
        return post(userPath(customerId), "{\"firstName\":\"Ada\",\"lastName\":\"" + lastName
                + "\",\"email\":\"ada@example.com\",\"country\":\"DE\"}");
    }

    HttpResponse<String> createApplicant(final String customerId) {
        return post(kycPath(customerId) + "/applicant", "{}");
    }

    HttpResponse<String> initiate(final String customerId) {
        return post(kycPath(customerId) + "/initiate", "{}");
    }

    HttpResponse<String> verify(final String customerId) {
        return post(kycPath(customerId) + "/verification", null);
    }

    /** {@code PUT .../kyc/document} as multipart/form-data; a null sub-type or file leaves that field out. */
    HttpResponse<String> upload(final String customerId, final String docType, final String subType, final byte[] file) {
        final String boundary = "sandbox-test-boundary";
        final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        final java.util.function.Consumer<String> text = line -> body.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        if (docType != null) {
            text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"docType\"\r\n\r\n" + docType + "\r\n");
        }
        if (subType != null) {
            text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"documentSubType\"\r\n\r\n" + subType + "\r\n");
        }
        if (file != null) {
            text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"document\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(file);
            text.accept("\r\n");
        }
        text.accept("--" + boundary + "--\r\n");
        final HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + kycPath(customerId) + "/document"))
                .timeout(Duration.ofSeconds(10)).header("x-api-key", apiKey)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> kycStatus(final String customerId) {
        return get(kycPath(customerId));
    }

    /** The {@code data.status} of the status API. */
    String statusOf(final String customerId) {
        return json(kycStatus(customerId)).path("data").path("status").asText();
    }

    /**
     * A user with the given last name who meets every verification precondition: accepted
     * agreements, a KYC applicant, and a checkout link (whose hosted flow collects the documents).
     */
    void readyForVerification(final String customerId, final String lastName) {
        createUser(customerId, lastName);
        createApplicant(customerId);
        initiate(customerId);
    }

    static String sha256Base64(final String document) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String userPath(final String customerId) {
        return "/customer/" + customerId + "/bank-transfer/user";
    }

    static String kycPath(final String customerId) {
        return "/customer/" + customerId + "/bank-transfer/kyc";
    }
}
