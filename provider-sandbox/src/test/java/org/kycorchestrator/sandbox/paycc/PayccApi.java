package org.kycorchestrator.sandbox.paycc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain java.net.http client of the simulated Paycc API, for tests. */
final class PayccApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String authorization;
    private final String merchantCode;

    PayccApi(final String baseUrl, final String user, final String password, final String merchantCode) {
        this.baseUrl = baseUrl;
        this.authorization = basic(user, password);
        this.merchantCode = merchantCode;
    }

    static String basic(final String user, final String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An init call for a customer whose name ends in {@code lastName}, with valid data otherwise. */
    HttpResponse<String> init(final String lastName) {
        return post("/v1/service/paycc/init/kyc", initBody(merchantCode, "Asha " + lastName));
    }

    static String initBody(final String merchantCode, final String name) {
        return "{\"merchantCode\":\"" + merchantCode + "\",\"mobile\":\"6393712345\",\"email\":\"asha@example.in\","
                + "\"name\":\"" + name + "\",\"pan\":\"ABCPV1234K\"}";
    }

    /** Starts a KYC and returns its kid. */
    String startKyc(final String lastName) {
        final HttpResponse<String> response = init(lastName);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("init failed: " + response.statusCode() + " " + response.body());
        }
        return json(response).path("data").path("kid").asText();
    }

    HttpResponse<String> status(final String kid) {
        return get("/v1/service/paycc/kyc/status/" + kid);
    }

    /** The {@code code} of a status poll. */
    String poll(final String kid) {
        return json(status(kid)).path("code").asText();
    }

    HttpResponse<String> post(final String path, final String body) {
        return send("POST", path, body, authorization);
    }

    HttpResponse<String> get(final String path) {
        return send("GET", path, null, authorization);
    }

    /** {@code authorization} {@code null} sends no {@code Authorization} header. */
    HttpResponse<String> send(final String method, final String path, final String body, final String authorization) {
        return sendTo(URI.create(baseUrl + path), method, body, authorization);
    }

    static HttpResponse<String> sendTo(final URI uri, final String method, final String body, final String authorization) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
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
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
