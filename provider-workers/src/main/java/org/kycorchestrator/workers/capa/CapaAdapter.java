package org.kycorchestrator.workers.capa;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
import org.kycorchestrator.schemas.providers.FetchStatus;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.workers.vendors.VendorAdapter;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * Capa's partner API (base e.g. {@code https://staging-api.capa.fi}, paths {@code /api/partner/v2/...},
 * header {@code partner-api-key}), as its pages describe it. Our customer id is Capa's
 * {@code externalUserId}, unique per partner. Capa names its users with its own {@code userId}, which
 * later calls need; several workers run and keep no state, so the id is looked up again by
 * externalUserId whenever the request does not carry it (the link call hands it back as the vendor
 * reference, which the case keeps for its status reads).
 */
public final class CapaAdapter implements VendorAdapter {

    /** The configuration key of Capa's base URL. */
    public static final String URL = "KYC_PROVIDER_CAPA_URL";
    public static final String API_KEY = "KYC_PROVIDER_CAPA_API_KEY";

    static final String API = "/api/partner/v2";
    static final String MEXICO = "MX";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final Duration callTimeout;

    public CapaAdapter(final HttpClient http, final String baseUrl, final String apiKey, final Duration callTimeout) {
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl cannot be null").replaceAll("/+$", "");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey cannot be null");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout cannot be null");
    }

    @Override
    public Vendor vendor() {
        return Vendor.CAPA;
    }

    /**
     * {@code POST /users} {@code {type:"INDIVIDUAL", email, externalUserId}}. Capa refuses a second
     * user with the same externalUserId as a conflict; that is what a retry (or a profile update,
     * which Capa has no call for) meets, so a conflict is a success once the look-up finds the user.
     * A conflict without such a user (another user holds the e-mail address) stays a refusal.
     */
    @Override
    public CompletableFuture<Void> createProfile(final ProviderRequest request, final CreateVendorProfile create) {
        final Profile profile = create.getProfile();
        final ObjectNode body = JSON.createObjectNode();
        body.put("type", "INDIVIDUAL");
        putIfPresent(body, "email", profile == null ? null : profile.getEmail());
        body.put("externalUserId", request.getCustomerId());
        return exchange("create_user", post("/users", body)).thenCompose(response -> {
            if (response.statusCode() == 409) {
                return findUserId(request.getCustomerId()).thenApply(userId -> {
                    if (userId.isEmpty()) {
                        throw refusal("create_user", response);
                    }
                    return null;
                });
            }
            requireSuccess("create_user", response);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Capa has no applicant: its hosted flow behind the link collects the identity data itself. */
    @Override
    public CompletableFuture<ApplicantCreated> createApplicant(final ProviderRequest request) {
        return CompletableFuture.completedFuture(new ApplicantCreated(null));
    }

    /**
     * {@code POST /kyc/verification-link} {@code {userId, country, partnerRedirectUri, personalInfo}},
     * the call of Capa's "generate direct KYC link" page, answered {@code {"status":"ok","data":{"kycLink"}}}. The country
     * and, for Mexico only, the personal information (profession, phone, birth country, RFC) come from
     * the profile. A missing field is sent as missing, for Capa to refuse with its own code. Capa's
     * link carries no expiry.
     */
    @Override
    public CompletableFuture<LinkIssued> requestLink(final ProviderRequest request, final IssueLink link) {
        final Profile profile = link.getProfile();
        return requireUserId(request.getCustomerId()).thenCompose(userId -> {
            final ObjectNode body = JSON.createObjectNode();
            body.put("userId", userId);
            final String country = profile == null || profile.getCountry() == null ? null
                    : profile.getCountry().trim().toUpperCase(Locale.ROOT);
            putIfPresent(body, "country", country);
            putIfPresent(body, "partnerRedirectUri", link.getRedirectUri());
            if (MEXICO.equals(country)) {
                // Capa needs it for Mexico only; elsewhere the personal data stays with us.
                final ObjectNode personalInfo = body.putObject("personalInfo");
                putIfPresent(personalInfo, "profession", profile.getProfession());
                putIfPresent(personalInfo, "phoneNumber", profile.getPhone());
                putIfPresent(personalInfo, "birthCountry", profile.getBirthCountry());
                putIfPresent(personalInfo, "taxId", profile.getTaxId());
            }
            return exchange("verification_link", post("/kyc/verification-link", body)).thenApply(response -> {
                requireSuccess("verification_link", response);
                final JsonNode kycLink = readJson(response.body()).path("data").path("kycLink");
                if (!kycLink.isTextual() || kycLink.asText().isBlank()) {
                    throw new VendorCallException("verification_link", 502, "BAD_GATEWAY", "Capa answered without a kycLink");
                }
                return new LinkIssued(new HostedLink(kycLink.asText(), null), userId);
            });
        });
    }

    /**
     * Capa has no call to start a verification: the end user submits the KYC in the hosted flow
     * behind the link, and the verdict arrives by webhook and in the details call.
     */
    @Override
    public CompletableFuture<Void> startVerification(final ProviderRequest request) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * {@code GET /kyc/details?userId=}, whose {@code data.aipriseSummary.verificationResult} is the
     * status. No Capa user yet, or Capa's 404 {@code NOT_FOUND_ERROR} (no KYC yet), is no status. The
     * details also hold personal data (ID data, media); only the result is read.
     */
    @Override
    public CompletableFuture<StatusObserved> fetchStatus(final ProviderRequest request) {
        final String reference = request.getPayload() instanceof FetchStatus fetch ? fetch.getVendorReference() : null;
        final CompletableFuture<Optional<String>> userId = reference != null
                ? CompletableFuture.completedFuture(Optional.of(reference)) : findUserId(request.getCustomerId());
        return userId.thenCompose(id -> {
            if (id.isEmpty()) {
                return CompletableFuture.completedFuture(noStatus());
            }
            final HttpRequest get = base("/kyc/details?userId=" + encode(id.get())).GET().build();
            return exchange("kyc_details", get).thenApply(response -> {
                if (response.statusCode() == 404 && "NOT_FOUND_ERROR".equals(error(response).code())) {
                    return noStatus();
                }
                requireSuccess("kyc_details", response);
                final JsonNode result = readJson(response.body()).path("data").path("aipriseSummary").path("verificationResult");
                final String status = result.isTextual() ? result.asText() : null;
                // Capa's details tell neither when the result was set nor a sequence number.
                return new StatusObserved(status, CapaStatuses.toState(status).orElse(null), List.of(), List.of(), null, null, null);
            });
        });
    }

    /** {@code GET /users?externalUserId=}: the Capa userId of our customer, if Capa has one. */
    private CompletableFuture<Optional<String>> findUserId(final String customerId) {
        final HttpRequest get = base("/users?externalUserId=" + encode(customerId)).GET().build();
        return exchange("find_user", get).thenApply(response -> {
            requireSuccess("find_user", response);
            final JsonNode data = readJson(response.body()).path("data");
            for (final JsonNode user : data.isArray() ? data : JSON.createArrayNode().add(data)) {
                final JsonNode externalUserId = user.path("externalUserId");
                final boolean ours = !externalUserId.isTextual() || externalUserId.asText().equals(customerId);
                if (ours && user.path("userId").isTextual()) {
                    return Optional.of(user.get("userId").asText());
                }
            }
            return Optional.empty();
        });
    }

    private CompletableFuture<String> requireUserId(final String customerId) {
        return findUserId(customerId).thenApply(found -> found.orElseThrow(() -> new VendorCallException("find_user", 404,
                "NOT_FOUND_ERROR", "Capa has no user for this customer; the profile must be created first")));
    }

    private static StatusObserved noStatus() {
        return new StatusObserved(null, null, List.of(), List.of(), null, null, null);
    }

    private HttpRequest post(final String path, final ObjectNode body) {
        return base(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private HttpRequest.Builder base(final String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + API + pathAndQuery))
                .timeout(callTimeout)
                .header("partner-api-key", apiKey)
                .header("Accept", "application/json");
    }

    /** Sends the call; only a missing answer fails here, every HTTP status is left to the caller. */
    private CompletableFuture<HttpResponse<String>> exchange(final String operation, final HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null) {
                final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                throw new VendorCallException(operation, 0, "SERVICE_UNAVAILABLE", "Capa did not answer: " + cause.getClass().getSimpleName());
            }
            return response;
        });
    }

    private static void requireSuccess(final String operation, final HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw refusal(operation, response);
        }
    }

    /** Capa's error: the HTTP status with an upper-case {@code code} and a {@code message}. */
    private static VendorCallException refusal(final String operation, final HttpResponse<String> response) {
        final Refusal error = error(response);
        return new VendorCallException(operation, response.statusCode(), error.code(), error.message());
    }

    private record Refusal(String code, String message) {
    }

    /** Reads {@code code} and {@code message} at the top of the body, or inside an {@code error} object or the first of {@code errors}. */
    private static Refusal error(final HttpResponse<String> response) {
        final JsonNode body = readJson(response.body());
        for (final JsonNode node : List.of(body, body.path("error"), body.path("errors").path(0))) {
            if (node.path("code").isTextual()) {
                return new Refusal(node.get("code").asText(), message(node.path("message"), response.statusCode()));
            }
        }
        return new Refusal("HTTP_" + response.statusCode(), message(body.path("message"), response.statusCode()));
    }

    private static String message(final JsonNode message, final int status) {
        return message.isTextual() ? message.asText() : "HTTP " + status;
    }

    private static JsonNode readJson(final String body) {
        try {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void putIfPresent(final ObjectNode body, final String field, final String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
