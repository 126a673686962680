package org.kycorchestrator.workers.paycc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kycorchestrator.schemas.HostedLink;
import org.kycorchestrator.schemas.KycState;
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
 * IPAYMENT Paycc's KYC API (Digio underneath; base e.g. {@code https://console.ipayments.in/api},
 * HTTP Basic), as its pages describe it. Paycc is a hosted KYC with two calls: the init call takes
 * the customer's data and answers a URL and a {@code kid}; the status call, by {@code kid}, answers
 * pending, failed, or done with the customer's KYC record. There are no callbacks: the orchestrator
 * polls. Every answer is the envelope {@code {"code","status","message","data"}}, and the docs give
 * no HTTP statuses, so the {@code code} decides and the HTTP status is only a fallback.
 *
 * <p>The KYC record (photo, Aadhaar, date of birth, address, name, PAN) never leaves this class:
 * a status carries only the outcome and reason codes.
 */
public final class PayccAdapter implements VendorAdapter {

    static final String INIT_PATH = "/v1/service/paycc/init/kyc";
    static final String STATUS_PATH = "/v1/service/paycc/kyc/status/";
    static final String INIT = "init_kyc";
    static final String STATUS = "kyc_status";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDACTED = "***";

    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;
    private final String merchantCode;
    private final Duration callTimeout;

    /**
     * @param baseUrl      e.g. {@code https://console.ipayments.in/api}
     * @param user         the HTTP Basic user
     * @param password     the HTTP Basic password
     * @param merchantCode IPAYMENT's merchant code, sent with every init call (at most 20 characters)
     */
    public PayccAdapter(final HttpClient http, final String baseUrl, final String user, final String password,
                        final String merchantCode, final Duration callTimeout) {
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl cannot be null").replaceAll("/+$", "");
        Objects.requireNonNull(user, "user cannot be null");
        Objects.requireNonNull(password, "password cannot be null");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.merchantCode = Objects.requireNonNull(merchantCode, "merchantCode cannot be null").trim();
        if (this.merchantCode.isEmpty() || this.merchantCode.length() > PayccInitBody.MERCHANT_CODE_MAX) {
            throw new IllegalArgumentException("merchantCode must have 1 to " + PayccInitBody.MERCHANT_CODE_MAX + " characters");
        }
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout cannot be null");
    }

    @Override
    public Vendor vendor() {
        return Vendor.PAYCC;
    }

    /** Paycc keeps no profile of its own: the customer's data goes with the init call ({@link #requestLink}). */
    @Override
    public CompletableFuture<Void> createProfile(final ProviderRequest request, final CreateVendorProfile profile) {
        return CompletableFuture.completedFuture(null);
    }

    /** Paycc has no applicant: the init call starts the KYC, known by its {@code kid}. There is no id to tell. */
    @Override
    public CompletableFuture<ApplicantCreated> createApplicant(final ProviderRequest request) {
        return CompletableFuture.completedFuture(new ApplicantCreated(null));
    }

    /**
     * {@code POST /v1/service/paycc/init/kyc}: the hosted KYC URL, and the {@code kid} as the vendor
     * reference the orchestrator sends back with every status poll. Paycc takes no locale, redirect
     * or idempotency key, and gives the URL no expiry; every call starts a new KYC.
     */
    @Override
    public CompletableFuture<LinkIssued> requestLink(final ProviderRequest request, final IssueLink link) {
        final PayccInitBody body;
        try {
            body = PayccInitBody.from(INIT, merchantCode, link.getProfile());
        } catch (VendorCallException e) {
            return CompletableFuture.failedFuture(e);
        }
        final HttpRequest post = base(INIT_PATH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toJson(JSON).toString()))
                .build();
        return call(INIT, post).thenApply(response -> {
            final Envelope answer = Envelope.read(response);
            if (answer.code().orElse(null) != PayccStatuses.Code.SUCCESS) {
                throw refusal(INIT, response, answer, body.personalValues());
            }
            final JsonNode url = answer.data().path("url");
            final JsonNode kid = answer.data().path("kid");
            if (!url.isTextual() || url.asText().isBlank() || !kid.isTextual() || kid.asText().isBlank()) {
                throw new VendorCallException(INIT, 502, "bad_gateway", "Paycc answered SUCCESS without the KYC url and kid");
            }
            return new LinkIssued(new HostedLink(url.asText(), null), kid.asText());
        });
    }

    /**
     * Paycc has no verification call: the customer completes the KYC at the hosted URL, and its
     * result is polled with {@link #fetchStatus}.
     */
    @Override
    public CompletableFuture<Void> startVerification(final ProviderRequest request) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * {@code GET /v1/service/paycc/kyc/status/{kid}}, with the {@code kid} from the request's
     * {@link FetchStatus#getVendorReference()}; without one there is nothing to poll.
     */
    @Override
    public CompletableFuture<StatusObserved> fetchStatus(final ProviderRequest request) {
        final String kid = request.getPayload() instanceof FetchStatus fetch ? fetch.getVendorReference() : null;
        if (kid == null || kid.isBlank()) {
            return CompletableFuture.failedFuture(new VendorCallException(STATUS, 412, "precondition_failed",
                    "no Paycc kid to poll: the status is known only for a KYC started by a link request"));
        }
        final String path = STATUS_PATH + URLEncoder.encode(kid.trim(), StandardCharsets.UTF_8).replace("+", "%20");
        return call(STATUS, base(path).GET().build()).thenApply(response -> {
            final Envelope answer = Envelope.read(response);
            final PayccStatuses.Code code = answer.code().orElse(null);
            if (code == PayccStatuses.Code.SUCCESS) {
                final JsonNode kyc = answer.data().path("kyc");
                if (!kyc.isObject()) {
                    throw new VendorCallException(STATUS, 502, "bad_gateway", "Paycc answered SUCCESS without the KYC record");
                }
                return observed(code, PayccKycRecord.reasons(kyc));
            }
            if (code == PayccStatuses.Code.PENDING || code == PayccStatuses.Code.FAILURE) {
                return observed(code, List.of());
            }
            throw refusal(STATUS, response, answer, List.of());
        });
    }

    /** Only the outcome and reason codes: Paycc tells neither when the status was set nor a sequence. */
    private static StatusObserved observed(final PayccStatuses.Code code, final List<String> reasons) {
        final KycState state = PayccStatuses.toState(code.code()).orElseThrow();
        return new StatusObserved(code.word(), state, List.of(), reasons, null, null, null);
    }

    private HttpRequest.Builder base(final String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(callTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private CompletableFuture<HttpResponse<String>> call(final String operation, final HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                        throw new VendorCallException(operation, 0, "service_unavailable",
                                "Paycc did not answer: " + cause.getClass().getSimpleName());
                    }
                    return response;
                });
    }

    /**
     * A call that did not succeed, with Paycc's own code and message and the HTTP status its code
     * maps to. Without a readable envelope, the HTTP status decides (a 2xx we cannot read is a bad gateway).
     */
    private static VendorCallException refusal(final String operation, final HttpResponse<String> response,
                                               final Envelope answer, final List<String> sentValues) {
        final String message = redact(answer.message(), sentValues);
        final Optional<PayccStatuses.Code> code = answer.code();
        if (code.isPresent()) {
            return new VendorCallException(operation, code.get().errorHttpStatus(), code.get().code(),
                    message != null ? message : code.get().word());
        }
        final int status = response.statusCode();
        final String rawCode = answer.rawCode();
        return new VendorCallException(operation, status / 100 == 2 ? 502 : status,
                rawCode != null ? rawCode : status / 100 == 2 ? "bad_gateway" : "http_" + status,
                message != null ? message : "Paycc answered HTTP " + status + " without a known code");
    }

    /** A vendor message could echo what we sent; the personal values in it are masked. */
    private static String redact(final String message, final List<String> sentValues) {
        if (message == null) {
            return null;
        }
        String clean = message;
        for (final String value : sentValues) {
            if (value != null && !value.isBlank()) {
                clean = clean.replace(value, REDACTED);
            }
        }
        return clean;
    }

    /** IPAYMENT's envelope {@code {"code","status","message","data"}}, read leniently. */
    private record Envelope(String rawCode, Optional<PayccStatuses.Code> code, String message, JsonNode data) {

        static Envelope read(final HttpResponse<String> response) {
            final JsonNode body = readJsonQuietly(response.body());
            final String rawCode = body.path("code").isTextual() ? body.get("code").asText() : null;
            Optional<PayccStatuses.Code> code = PayccStatuses.Code.of(rawCode);
            if (code.isEmpty() && rawCode == null && body.path("status").isTextual()) {
                code = PayccStatuses.Code.of(body.get("status").asText());
            }
            return new Envelope(rawCode, code, message(body.path("message")), body.path("data"));
        }

        /** A text, or (with {@code 0x0203}) an object of field → errors, written {@code field: error; error, field: error}. */
        private static String message(final JsonNode message) {
            if (message.isTextual()) {
                return message.asText();
            }
            if (!message.isObject()) {
                return null;
            }
            final List<String> fields = new ArrayList<>();
            message.properties().forEach(field -> {
                final List<String> errors = new ArrayList<>();
                if (field.getValue().isTextual()) {
                    errors.add(field.getValue().asText());
                }
                field.getValue().forEach(error -> {
                    if (error.isTextual()) {
                        errors.add(error.asText());
                    }
                });
                fields.add(errors.isEmpty() ? field.getKey() : field.getKey() + ": " + String.join("; ", errors));
            });
            return String.join(", ", fields);
        }

        private static JsonNode readJsonQuietly(final String body) {
            try {
                final JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
                return node == null ? JSON.missingNode() : node;
            } catch (Exception e) {
                return JSON.missingNode();
            }
        }
    }
}
