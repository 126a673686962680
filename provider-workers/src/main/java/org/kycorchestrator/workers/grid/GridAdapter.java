package org.kycorchestrator.workers.grid;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
import org.kycorchestrator.workers.vendors.RetryAfter;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * Lightspark Grid's KYC API (base {@code .../grid/2025-10-13}, HTTP Basic with the API token id
 * and client secret), as its pages describe it. Our customer id is Grid's {@code platformCustomerId};
 * Grid's paths need its own customer id ({@code Customer:...}), which is found by listing
 * customers with our id as filter, remembered (it never changes), and handed to the orchestrator
 * as the link's vendor reference so later status reads need no look-up.
 *
 * <p>Grid decides KYC in its hosted flow: there is no applicant and no verification call.
 */
public final class GridAdapter implements VendorAdapter {

    static final String CUSTOMER_TYPE = "INDIVIDUAL";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;
    private final Duration callTimeout;
    private final Map<String, String> gridIds = new ConcurrentHashMap<>();

    /**
     * @param baseUrl      Grid's base URL, e.g. {@code https://api.lightspark.com/grid/2025-10-13}
     * @param clientId     the API token id, the user name of HTTP Basic
     * @param clientSecret the API client secret, the password of HTTP Basic
     * @param callTimeout  how long one call may take
     */
    public GridAdapter(final HttpClient http, final String baseUrl, final String clientId, final String clientSecret,
                       final Duration callTimeout) {
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl cannot be null").replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (Objects.requireNonNull(clientId, "clientId cannot be null") + ":"
                        + Objects.requireNonNull(clientSecret, "clientSecret cannot be null")).getBytes(StandardCharsets.UTF_8));
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout cannot be null");
    }

    @Override
    public Vendor vendor() {
        return Vendor.GRID;
    }

    /**
     * Creates the customer with {@code POST /customers}, or updates the one that already has our id
     * as {@code platformCustomerId} with {@code PATCH /customers/{customerId}}: Grid keeps that id
     * unique, so a retry never makes a second customer. The agreements are not sent: Grid keeps no
     * accepted-agreement hashes on the customer.
     */
    @Override
    public CompletableFuture<Void> createProfile(final ProviderRequest request, final CreateVendorProfile create) {
        final String ours = request.getCustomerId();
        final Profile profile = create.getProfile();
        return findCustomer(ours).thenCompose(found -> found.isPresent() ? update(found.get(), profile)
                : createCustomer(ours, profile).exceptionallyCompose(failure -> {
                    // another attempt created it in the meantime: update that one instead
                    final VendorCallException refusal = vendorException(failure);
                    if (refusal == null || refusal.httpStatus() != 409) {
                        return CompletableFuture.failedFuture(unwrap(failure));
                    }
                    return findCustomer(ours).thenCompose(again -> again.isPresent() ? update(again.get(), profile)
                            : CompletableFuture.failedFuture(refusal));
                }));
    }

    /** Grid has no applicant of its own (its hosted flow collects what SumSub needs), so there is nothing to call. */
    @Override
    public CompletableFuture<ApplicantCreated> createApplicant(final ProviderRequest request) {
        return CompletableFuture.completedFuture(new ApplicantCreated(null));
    }

    /**
     * {@code POST /customers/{customerId}/kyc-link} with the optional {@code redirectUri}. The
     * {@code Idempotency-Key} is derived from our request id, so a retried request gets the same
     * link. Grid takes no locale: the hosted flow picks the customer's language itself.
     */
    @Override
    public CompletableFuture<LinkIssued> requestLink(final ProviderRequest request, final IssueLink link) {
        return gridIdOf(request, "create_kyc_link").thenCompose(gridId -> {
            final HttpRequest.Builder post = base("/customers/" + segment(gridId) + "/kyc-link")
                    .header("Idempotency-Key", idempotencyKey(request));
            if (link.getRedirectUri() != null) {
                final ObjectNode body = JSON.createObjectNode().put("redirectUri", link.getRedirectUri());
                post.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            } else {
                post.POST(HttpRequest.BodyPublishers.noBody());
            }
            return call("create_kyc_link", post.build()).thenApply(response -> {
                final JsonNode answer = readJson(response.body());
                if (!answer.path("kycUrl").isTextual()) {
                    throw new VendorCallException("create_kyc_link", response.statusCode(), "BAD_GATEWAY",
                            "Grid answered without a kycUrl");
                }
                return new LinkIssued(new HostedLink(answer.get("kycUrl").asText(),
                        GridStatusReading.instant(answer.path("expiresAt"))), gridId);
            });
        });
    }

    /** Grid has no call that starts a verification: the hosted flow behind the link is the verification. */
    @Override
    public CompletableFuture<Void> startVerification(final ProviderRequest request) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Reads the customer ({@code kycStatus}) and its verifications ({@code verificationStatus} with
     * typed {@code errors[]}) at once, and reduces them to one status (see {@link GridStatusReading}).
     */
    @Override
    public CompletableFuture<StatusObserved> fetchStatus(final ProviderRequest request) {
        final String reference = request.getPayload() instanceof FetchStatus fetch ? fetch.getVendorReference() : null;
        final CompletableFuture<String> gridId = reference != null ? CompletableFuture.completedFuture(reference)
                : gridIdOf(request, "get_customer");
        // The customer first, then its verifications: Grid decides a verification before it moves the
        // customer's kycStatus, so a decided customer is never read with an undecided verification.
        return gridId.thenCompose(id -> call("get_customer", base("/customers/" + segment(id)).GET().build())
                .thenApply(response -> readJson(response.body()))
                .thenCompose(customer -> call("list_verifications", base("/verifications?customerId=" + query(id)).GET().build())
                        .thenApply(response -> GridStatusReading.read(customer, readJson(response.body())))));
    }

    /**
     * Our customer id for Grid's, read with {@code GET /customers/{customerId}}; empty when Grid
     * does not know the customer or does not answer within the call timeout. Blocks; meant for
     * resolving the customer of a {@code VERIFICATION.*} webhook, which names only Grid's id.
     */
    public Optional<String> platformCustomerIdOf(final String gridCustomerId) {
        try {
            final JsonNode customer = call("get_customer", base("/customers/" + segment(gridCustomerId)).GET().build())
                    .thenApply(response -> readJson(response.body()))
                    .get(callTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            final JsonNode ours = customer.path("platformCustomerId");
            return ours.isTextual() ? Optional.of(ours.asText()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    /** Stable across redeliveries of one request, different for every other request. */
    static String idempotencyKey(final ProviderRequest request) {
        return UUID.nameUUIDFromBytes(("grid-kyc-link:" + request.getRequestId()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private CompletableFuture<Void> createCustomer(final String ours, final Profile profile) {
        final ObjectNode body = JSON.createObjectNode().put("platformCustomerId", ours);
        putProfile(body, profile);
        return call("create_customer", post("/customers", body)).thenAccept(response -> {
            final JsonNode id = readJson(response.body()).path("id");
            if (id.isTextual()) {
                gridIds.put(ours, id.asText());
            }
        });
    }

    private CompletableFuture<Void> update(final String gridId, final Profile profile) {
        final ObjectNode body = JSON.createObjectNode();
        putProfile(body, profile);
        final HttpRequest patch = base("/customers/" + segment(gridId)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return call("update_customer", patch).thenAccept(response -> { });
    }

    /** The individual's fields Grid keeps that we have: full name, birth date, e-mail and phone. */
    private static void putProfile(final ObjectNode body, final Profile profile) {
        body.put("customerType", CUSTOMER_TYPE);
        final String fullName = fullName(profile);
        if (fullName != null) {
            body.put("fullName", fullName);
        }
        putIfPresent(body, "birthDate", profile.getDateOfBirth());
        putIfPresent(body, "email", profile.getEmail());
        putIfPresent(body, "phoneNumber", profile.getPhone());
    }

    static String fullName(final Profile profile) {
        final String name = ((profile.getFirstName() == null ? "" : profile.getFirstName()) + " "
                + (profile.getLastName() == null ? "" : profile.getLastName())).trim();
        return name.isEmpty() ? null : name;
    }

    /** Grid's customer id for ours: remembered, or found with {@code GET /customers?platformCustomerId=}. */
    private CompletableFuture<String> gridIdOf(final ProviderRequest request, final String operation) {
        return findCustomer(request.getCustomerId()).thenApply(found -> found.orElseThrow(() -> new VendorCallException(
                operation, 404, "USER_NOT_FOUND", "Grid has no customer with this platformCustomerId")));
    }

    private CompletableFuture<Optional<String>> findCustomer(final String ours) {
        final String known = gridIds.get(ours);
        if (known != null) {
            return CompletableFuture.completedFuture(Optional.of(known));
        }
        return call("list_customers", base("/customers?platformCustomerId=" + query(ours)).GET().build())
                .thenApply(response -> {
                    for (final JsonNode customer : readJson(response.body()).path("data")) {
                        if (ours.equals(customer.path("platformCustomerId").asText(null))
                                && !customer.path("isDeleted").asBoolean(false) && customer.path("id").isTextual()) {
                            gridIds.put(ours, customer.get("id").asText());
                            return Optional.of(customer.get("id").asText());
                        }
                    }
                    return Optional.empty();
                });
    }

    private HttpRequest post(final String path, final ObjectNode body) {
        return base(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private HttpRequest.Builder base(final String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(callTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private CompletableFuture<HttpResponse<String>> call(final String operation, final HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new VendorCallException(operation, 0, "SERVICE_UNAVAILABLE",
                                "Grid did not answer: " + unwrap(failure).getClass().getSimpleName());
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw refusal(operation, response);
                    }
                    return response;
                });
    }

    /**
     * Grid's error envelope: {@code {"status","code","message","details"}}. Its rate-limit answer
     * writes the text as {@code reason} in one schema, so that is read too.
     */
    static VendorCallException refusal(final String operation, final HttpResponse<String> response) {
        final JsonNode error = readJson(response.body());
        final String code = error.path("code").isTextual() ? error.get("code").asText() : "HTTP_" + response.statusCode();
        final String message = error.path("message").isTextual() ? error.get("message").asText()
                : error.path("reason").isTextual() ? error.get("reason").asText() : "HTTP " + response.statusCode();
        return new VendorCallException(operation, response.statusCode(), code, message, RetryAfter.of(response));
    }

    static JsonNode readJson(final String body) {
        try {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }

    /** A path segment: percent-encoded, but keeping the ':' of Grid's ids ({@code Customer:...}) as is. */
    static String segment(final String value) {
        return query(value).replace("%3A", ":");
    }

    private static String query(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static VendorCallException vendorException(final Throwable failure) {
        return unwrap(failure) instanceof VendorCallException e ? e : null;
    }

    private static Throwable unwrap(final Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static void putIfPresent(final ObjectNode body, final String field, final String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
