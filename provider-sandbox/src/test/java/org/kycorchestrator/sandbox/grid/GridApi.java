package org.kycorchestrator.sandbox.grid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain java.net.http client of the simulated Grid API, for tests. */
final class GridApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String authorization;

    GridApi(final String baseUrl, final String clientId, final String clientSecret) {
        this.baseUrl = baseUrl;
        this.authorization = basic(clientId, clientSecret);
    }

    static String basic(final String user, final String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(final String path, final String body) {
        return send("POST", path, body, Map.of("Authorization", authorization));
    }

    HttpResponse<String> patch(final String path, final String body) {
        return send("PATCH", path, body, Map.of("Authorization", authorization));
    }

    HttpResponse<String> get(final String path) {
        return send("GET", path, null, Map.of("Authorization", authorization));
    }

    HttpResponse<String> send(final String method, final String path, final String body, final Map<String, String> headers) {
        return sendTo(URI.create(baseUrl + path), method, body, headers);
    }

    static HttpResponse<String> sendTo(final URI uri, final String method, final String body, final Map<String, String> headers) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
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

    /** Creates an individual customer and returns Grid's id for them. */
    String createCustomer(final String platformCustomerId, final String fullName, final String email) {
        final HttpResponse<String> response = post("/customers", "{\"platformCustomerId\":\"" + platformCustomerId
                + "\",\"customerType\":\"INDIVIDUAL\",\"fullName\":\"" + fullName + "\",\"email\":\"" + email + "\"}");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("customer not created: " + response.statusCode() + " " + response.body());
        }
        return json(response).path("id").asText();
    }

    String createCustomer(final String platformCustomerId, final String fullName) {
        return createCustomer(platformCustomerId, fullName, "ada@example.com");
    }

    HttpResponse<String> kycLink(final String customerId, final String body, final String idempotencyKey) {
        final Map<String, String> headers = idempotencyKey == null ? Map.of("Authorization", authorization)
                : Map.of("Authorization", authorization, "Idempotency-Key", idempotencyKey);
        return send("POST", "/customers/" + customerId + "/kyc-link", body, headers);
    }

    HttpResponse<String> kycLink(final String customerId) {
        return kycLink(customerId, null, null);
    }

    HttpResponse<String> customer(final String customerId) {
        return get("/customers/" + customerId);
    }

    String kycStatusOf(final String customerId) {
        return json(customer(customerId)).path("kycStatus").asText();
    }

    HttpResponse<String> verifications(final String customerId) {
        return get("/verifications?customerId=" + URLEncoder.encode(customerId, StandardCharsets.UTF_8));
    }

    /** The newest verification of the customer, or a missing node. */
    JsonNode latestVerification(final String customerId) {
        return json(verifications(customerId)).path("data").path(0);
    }
}
