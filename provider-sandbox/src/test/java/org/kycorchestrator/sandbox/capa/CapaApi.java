package org.kycorchestrator.sandbox.capa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain java.net.http client of the simulated Capa, for tests: the partner's calls and the end user's browser. */
final class CapaApi {

    static final String USERS = "/api/partner/v2/users";
    static final String LINK = "/api/partner/v2/kyc/verification-link";
    static final String DETAILS = "/api/partner/v2/kyc/details";
    /** A valid Mexican personalInfo. */
    static final String MEXICAN_INFO = "{\"profession\":\"Employee\",\"phoneNumber\":\"+525512345678\",\"birthCountry\":\"MX\","
            + "\"taxId\":\"GALA780211AB1\"}";
    static final String REDIRECT = "https://shop.example/kyc-done";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String baseUrl;
    private final String apiKey;

    CapaApi(final String baseUrl, final String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    HttpResponse<String> post(final String path, final String body) {
        return send("POST", path, body, apiKey);
    }

    HttpResponse<String> get(final String path) {
        return send("GET", path, null, apiKey);
    }

    /** {@code key} {@code null} sends no {@code partner-api-key} header. */
    HttpResponse<String> send(final String method, final String path, final String body, final String key) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("partner-api-key", key);
        }
        return send(request.build());
    }

    HttpResponse<String> createUser(final String externalUserId, final String email) {
        return post(USERS, "{\"type\":\"INDIVIDUAL\",\"email\":\"" + email + "\",\"externalUserId\":\"" + externalUserId + "\"}");
    }

    /** Creates an individual user and returns its userId. */
    String newUser(final String externalUserId) {
        return json(createUser(externalUserId, externalUserId + "@example.com")).path("data").path("userId").asText();
    }

    HttpResponse<String> findUsers(final String externalUserId) {
        return get(USERS + "?externalUserId=" + URLEncoder.encode(externalUserId, StandardCharsets.UTF_8));
    }

    /** The userId of the user with this externalUserId. */
    String userIdOf(final String externalUserId) {
        return json(findUsers(externalUserId)).path("data").path(0).path("userId").asText();
    }

    HttpResponse<String> mexicanLink(final String userId) {
        return post(LINK, "{\"userId\":\"" + userId + "\",\"country\":\"MX\",\"partnerRedirectUri\":\"" + REDIRECT
                + "\",\"personalInfo\":" + MEXICAN_INFO + "}");
    }

    /** A link for a user, returning the kycLink. */
    String kycLink(final String userId) {
        return json(mexicanLink(userId)).path("data").path("kycLink").asText();
    }

    HttpResponse<String> details(final String userId) {
        return get(DETAILS + "?userId=" + URLEncoder.encode(userId, StandardCharsets.UTF_8));
    }

    /** The details' {@code aipriseSummary.verificationResult}. */
    String resultOf(final String userId) {
        return json(details(userId)).path("data").path("aipriseSummary").path("verificationResult").asText();
    }

    /** The end user's browser opening the link. */
    static HttpResponse<String> open(final String kycLink) {
        return send(HttpRequest.newBuilder(URI.create(kycLink)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** The end user submitting the hosted form with this last name. */
    static HttpResponse<String> submit(final String kycLink, final String lastName) {
        final String form = "firstName=Ana&lastName=" + URLEncoder.encode(lastName, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(kycLink)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    static JsonNode json(final HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(final HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
