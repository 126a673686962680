package org.kycorchestrator.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A merchant's backend calling the API over real HTTP. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, JsonNode body) {
        JsonNode data() {
            return body.path("data");
        }

        String firstErrorCode() {
            return body.path("errors").path(0).path("code").asText();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;

    ApiClient(final String baseUrl, final String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    ApiClient withKey(final String otherKey) {
        return new ApiClient(baseUrl, otherKey);
    }

    Answer post(final String path, final String json, final String... headers) {
        final HttpRequest.Builder request = request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return send(request);
    }

    /** A POST of any body, e.g. a multipart upload. */
    Answer post(final String path, final String contentType, final byte[] body, final String... headers) {
        return send(request(path, headers).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Answer get(final String path, final String... headers) {
        return send(request(path, headers).GET());
    }

    private HttpRequest.Builder request(final String path, final String... headers) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(40));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private Answer send(final HttpRequest.Builder request) {
        try {
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            final JsonNode body = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
