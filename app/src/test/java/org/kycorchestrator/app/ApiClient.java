package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kycorchestrator.ingress.openapi.Exchange;
import org.kycorchestrator.ingress.openapi.ExchangeRecorder;
import org.kycorchestrator.ingress.openapi.OpenApiContract;

/**
 * A merchant's backend calling the API over real HTTP. Every answer is checked against
 * docs/openapi.yaml as it arrives, so an answer the contract does not document fails the test that
 * received it; the exchanges are recorded in {@code target/openapi-exchanges/app.jsonl}.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final ExchangeRecorder EXCHANGES = new ExchangeRecorder(OpenApiContract.fromClasspath(), "app");

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
        return send(request, json);
    }

    /** A POST of any body, e.g. a multipart upload. */
    Answer post(final String path, final String contentType, final byte[] body, final String... headers) {
        return send(request(path, headers).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)), null);
    }

    Answer get(final String path, final String... headers) {
        return send(request(path, headers).GET(), null);
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

    /** @param sentJson the JSON body sent, if any: when it is accepted, it must conform to the contract's request schema too */
    private Answer send(final HttpRequest.Builder request, final String sentJson) {
        try {
            final HttpRequest sent = request.build();
            final HttpResponse<String> response = http.send(sent, HttpResponse.BodyHandlers.ofString());
            final Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
            EXCHANGES.check(new Exchange(sent.method(), null, sent.uri().getRawPath(), response.statusCode(), headers, response.body()));
            if (sentJson != null && response.statusCode() < 300) {
                assertThat(OpenApiContract.fromClasspath().acceptedRequestViolations(sent.method(), sent.uri().getRawPath(), sentJson))
                        .as("the accepted request body of %s %s", sent.method(), sent.uri().getRawPath()).isEmpty();
            }
            final boolean json = response.headers().firstValue("Content-Type").orElse("").contains("json");
            // The metrics are Prometheus text: kept as one text node.
            final JsonNode body = response.body().isEmpty() ? JSON.missingNode()
                    : json ? JSON.readTree(response.body()) : JSON.getNodeFactory().textNode(response.body());
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
