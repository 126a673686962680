package org.kycorchestrator.workers.xgateway;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kycorchestrator.schemas.HostedLink;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.ApplicantCreated;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.workers.vendors.VendorAdapter;
import org.kycorchestrator.workers.vendors.RetryAfter;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * xGateway's KYC API (base {@code .../api/v2}, header {@code x-api-key}), as its pages describe it.
 * Our customer id is its path {@code {id}}. Starting verification may take minutes to answer, so
 * that one call alone gets a long timeout.
 */
public final class XGatewayAdapter implements VendorAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final Duration callTimeout;
    private final Duration verificationTimeout;

    public XGatewayAdapter(final HttpClient http, final String baseUrl, final String apiKey,
                           final Duration callTimeout, final Duration verificationTimeout) {
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl cannot be null").replaceAll("/+$", "");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey cannot be null");
        this.callTimeout = callTimeout;
        this.verificationTimeout = verificationTimeout;
    }

    @Override
    public Vendor vendor() {
        return Vendor.XGATEWAY;
    }

    @Override
    public CompletableFuture<Void> createProfile(final ProviderRequest request, final CreateVendorProfile create) {
        final Profile profile = create.getProfile();
        final ObjectNode body = JSON.createObjectNode();
        putIfPresent(body, "firstName", profile.getFirstName());
        putIfPresent(body, "lastName", profile.getLastName());
        putIfPresent(body, "email", profile.getEmail());
        putIfPresent(body, "phone", profile.getPhone());
        putIfPresent(body, "country", profile.getCountry());
        putIfPresent(body, "dateOfBirth", profile.getDateOfBirth());
        // xGateway keeps the accepted agreements on the profile, as base64 SHA-256 of the documents.
        putIfPresent(body, "acceptedPrivacyPolicyHash", create.getAcceptedPrivacyPolicyHash());
        putIfPresent(body, "acceptedTermsAndConditionsHash", create.getAcceptedTermsAndConditionsHash());
        return call("create_profile", post(request, "/bank-transfer/user", body, callTimeout)).thenApply(response -> null);
    }

    /** xGateway answers 201 for a new applicant and 200 for the existing one, both {@code {"data":{"id"}}}. */
    @Override
    public CompletableFuture<ApplicantCreated> createApplicant(final ProviderRequest request) {
        return call("create_applicant", post(request, "/bank-transfer/kyc/applicant", JSON.createObjectNode(), callTimeout))
                .thenApply(response -> {
                    final JsonNode id = readJson(response).path("data").path("id");
                    return new ApplicantCreated(id.isTextual() ? id.asText() : null);
                });
    }

    @Override
    public CompletableFuture<LinkIssued> requestLink(final ProviderRequest request, final IssueLink link) {
        final ObjectNode body = JSON.createObjectNode();
        putIfPresent(body, "locale", link.getLocale());
        return call("initiate", post(request, "/bank-transfer/kyc/initiate", body, callTimeout)).thenApply(response -> {
            final JsonNode data = readJson(response).path("data");
            if (!data.isTextual()) {
                throw new VendorCallException("initiate", response.statusCode(), "bad_gateway", "xGateway answered without a link");
            }
            // xGateway's checkout link carries no expiry.
            return new LinkIssued(new HostedLink(data.asText(), null), null);
        });
    }

    @Override
    public CompletableFuture<Void> startVerification(final ProviderRequest request) {
        return call("verification", post(request, "/bank-transfer/kyc/verification", null, verificationTimeout))
                .thenApply(response -> null);
    }

    @Override
    public CompletableFuture<StatusObserved> fetchStatus(final ProviderRequest request) {
        final HttpRequest get = base(request, "/bank-transfer/kyc", callTimeout).GET().build();
        return call("status", get).thenApply(response -> {
            final JsonNode data = readJson(response).path("data");
            final String status = data.path("status").isTextual() ? data.get("status").asText() : null;
            final JsonNode message = data.path("kycEndUserErrorMessage");
            // xGateway's status API tells neither when the status was set nor a sequence number.
            return new StatusObserved(status, XGatewayStatuses.toState(status).orElse(null), docsMissing(data.path("docsMissing")),
                    texts(data.path("kycRejectLabel")), message.isTextual() ? message.asText() : null, null, null);
        });
    }

    /** {@code docsMissing} comes as {@code [{"docType":"SELFIE"}]} or as {@code ["SELFIE"]}. */
    static List<String> docsMissing(final JsonNode docs) {
        final List<String> types = new ArrayList<>();
        docs.forEach(doc -> {
            final JsonNode type = doc.isObject() ? doc.path("docType") : doc;
            if (type.isTextual()) {
                types.add(type.asText());
            }
        });
        return types;
    }

    private static List<String> texts(final JsonNode node) {
        final List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        }
        node.forEach(n -> {
            if (n.isTextual()) {
                values.add(n.asText());
            }
        });
        return values;
    }

    private HttpRequest post(final ProviderRequest request, final String path, final ObjectNode body, final Duration timeout) {
        return base(request, path, timeout)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private HttpRequest.Builder base(final ProviderRequest request, final String path, final Duration timeout) {
        final String id = URLEncoder.encode(request.getCustomerId(), StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(baseUrl + "/customer/" + id + path))
                .timeout(timeout)
                .header("x-api-key", apiKey)
                .header("Accept", "application/json");
    }

    private CompletableFuture<HttpResponse<String>> call(final String operation, final HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                        throw new VendorCallException(operation, 0, "service_unavailable",
                                "xGateway did not answer: " + cause.getClass().getSimpleName());
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw refusal(operation, response);
                    }
                    return response;
                });
    }

    /** xGateway's error envelope: {@code {"success":false,"errors":[{"code","message"}]}}. */
    private static VendorCallException refusal(final String operation, final HttpResponse<String> response) {
        final JsonNode first = readJsonQuietly(response.body()).path("errors").path(0);
        final String code = first.path("code").isTextual() ? first.get("code").asText() : "http_" + response.statusCode();
        final String message = first.path("message").isTextual() ? first.get("message").asText() : "HTTP " + response.statusCode();
        return new VendorCallException(operation, response.statusCode(), code, message, RetryAfter.of(response));
    }

    private static JsonNode readJson(final HttpResponse<String> response) {
        return readJsonQuietly(response.body());
    }

    private static JsonNode readJsonQuietly(final String body) {
        try {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }

    private static void putIfPresent(final ObjectNode body, final String field, final String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
