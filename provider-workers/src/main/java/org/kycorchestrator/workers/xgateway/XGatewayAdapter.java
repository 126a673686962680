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
import org.kycorchestrator.blobs.BlobStore;
import org.kycorchestrator.schemas.DocumentRef;
import org.kycorchestrator.schemas.HostedLink;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.ApplicantCreated;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.workers.documents.MultipartForm;
import org.kycorchestrator.workers.documents.StoredDocument;
import org.kycorchestrator.workers.vendors.VendorAdapter;
import org.kycorchestrator.workers.vendors.RetryAfter;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * xGateway's KYC API (base {@code .../api/v2}, header {@code x-api-key}), as its pages describe it.
 * Our customer id is its path {@code {id}}. Starting verification may take minutes to answer, so
 * that one call alone gets a long timeout.
 *
 * <p>In the host-to-host flow the merchant's documents go to xGateway before the verification
 * call: each one a {@code PUT} of {@code multipart/form-data} ({@code docType},
 * {@code documentSubType} FRONT_SIDE/BACK_SIDE, {@code file}), read from the blob store. A
 * re-upload replaces the earlier file, so a retried verification sends them again safely.
 */
public final class XGatewayAdapter implements VendorAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where xGateway takes documents: a PUT, as its upload page shows; the path itself is assumed (see openapi/xgateway.yaml). */
    static final String DOCUMENT_PATH = "bank-transfer/kyc/document";
    static final String UPLOAD_OPERATION = "upload_document";

    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final Duration callTimeout;
    private final Duration verificationTimeout;
    private final BlobStore documents;

    /** @param documents where the files of the documents are, as the ingress stored them */
    public XGatewayAdapter(final HttpClient http, final String baseUrl, final String apiKey,
                           final Duration callTimeout, final Duration verificationTimeout, final BlobStore documents) {
        this.documents = Objects.requireNonNull(documents, "documents cannot be null");
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

    /** Uploads the request's documents one after the other, then starts the verification. */
    @Override
    public CompletableFuture<Void> startVerification(final ProviderRequest request) {
        CompletableFuture<Void> uploads = CompletableFuture.completedFuture(null);
        for (DocumentRef document : documentsOf(request)) {
            uploads = uploads.thenCompose(done -> uploadDocument(request, document));
        }
        return uploads.thenCompose(done -> call("verification", post(request, "/bank-transfer/kyc/verification", null, verificationTimeout)))
                .thenApply(response -> null);
    }

    /** {@code PUT /customer/{id}/bank-transfer/kyc/document}; sides are FRONT_SIDE and BACK_SIDE at xGateway. */
    CompletableFuture<Void> uploadDocument(final ProviderRequest request, final DocumentRef document) {
        final StoredDocument stored;
        try {
            stored = StoredDocument.find(documents, document, UPLOAD_OPERATION);
        } catch (VendorCallException e) {
            return CompletableFuture.failedFuture(e);
        }
        final MultipartForm form = new MultipartForm().field("docType", document.getDocType());
        if (document.getSide() != null) {
            form.field("documentSubType", document.getSide() + "_SIDE");
        }
        final HttpRequest put = base(request, "/" + DOCUMENT_PATH, callTimeout)
                .header("Content-Type", form.contentType())
                .PUT(form.withFile("file", stored))
                .build();
        return call(UPLOAD_OPERATION, put).thenApply(response -> null);
    }

    /** A request written before verifications carried documents has none (its list reads as null). */
    private static List<DocumentRef> documentsOf(final ProviderRequest request) {
        return request.getPayload() instanceof BeginVerification begin && begin.getDocuments() != null ? begin.getDocuments() : List.of();
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
