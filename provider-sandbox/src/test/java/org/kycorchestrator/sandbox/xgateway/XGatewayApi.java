package org.kycorchestrator.sandbox.xgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain java.net.http client of the simulated xGateway API, for tests. */
final class XGatewayApi {

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

    HttpResponse<String> createUser(final String customerId, final String lastName) {
        return post(userPath(customerId), "{\"firstName\":\"Ada\",\"lastName\":\"" + lastName
                + "\",\"email\":\"ada@example.com\",\"country\":\"DE\"}");
    }

    HttpResponse<String> initiate(final String customerId) {
        return post(kycPath(customerId) + "/initiate", "{}");
    }

    HttpResponse<String> verify(final String customerId) {
        return post(kycPath(customerId) + "/verification", null);
    }

    HttpResponse<String> kycStatus(final String customerId) {
        return get(kycPath(customerId));
    }

    /** The {@code data.status} of the status API. */
    String statusOf(final String customerId) {
        return json(kycStatus(customerId)).path("data").path("status").asText();
    }

    /** A user with the given last name whose KYC data entry has begun, ready to be verified. */
    void readyForVerification(final String customerId, final String lastName) {
        createUser(customerId, lastName);
        initiate(customerId);
    }

    static String userPath(final String customerId) {
        return "/customer/" + customerId + "/bank-transfer/user";
    }

    static String kycPath(final String customerId) {
        return "/customer/" + customerId + "/bank-transfer/kyc";
    }
}
