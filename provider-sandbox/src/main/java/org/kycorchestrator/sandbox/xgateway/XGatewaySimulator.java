package org.kycorchestrator.sandbox.xgateway;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kycorchestrator.sandbox.SandboxAccount;
import org.kycorchestrator.sandbox.SandboxAccounts;
import org.kycorchestrator.sandbox.SandboxCredentials;
import org.kycorchestrator.sandbox.VendorSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated xGateway KYC API, as xGateway's public documentation describes it, under
 * {@value #API_PREFIX}: user profile with the accepted agreements, KYC applicant, checkout link,
 * verification (with the documented preconditions) and its asynchronous outcome and callback, and
 * the status look-up. State is in memory, per account: each account (API key) has its own customers
 * and its own callback URL and secret, as at xGateway. The customer's last name picks the
 * scenario (see {@link XGatewayMagicValues}). Only customer ids are logged, never personal data.
 */
public final class XGatewaySimulator implements VendorSimulator {

    public static final String PATH_PREFIX = "/xgateway";
    public static final String API_PREFIX = PATH_PREFIX + "/api/v2";
    static final String CHECKOUT_PREFIX = PATH_PREFIX + "/checkout";
    static final String DEFAULT_LOCALE = "en";
    /**
     * The upload call: a PUT, as xGateway's upload page shows, on a path its excerpts do not spell
     * out; this one is assumed, next to the applicant's (see the adapter's OpenAPI description).
     */
    public static final String DOCUMENT_PATH = "bank-transfer/kyc/document";

    private static final Logger LOG = LoggerFactory.getLogger(XGatewaySimulator.class);
    private static final String JSON = "application/json";

    /** What the sandbox calls the account of {@link Options#apiKey()}. */
    public static final String DEFAULT_ACCOUNT = SandboxAccount.DEFAULT;

    /**
     * @param callbackUrl   where KYC callbacks go; {@code null} sends none
     * @param callbackDelay how long a verification runs before it is decided
     * @param moreAccounts  accounts besides the default one, each with its own key, customers and callbacks
     */
    public record Options(String apiKey, String secretKey, String callbackUrl, Duration callbackDelay, List<SandboxAccount> moreAccounts) {
        public Options {
            Objects.requireNonNull(apiKey, "apiKey cannot be null");
            Objects.requireNonNull(secretKey, "secretKey cannot be null");
            Objects.requireNonNull(callbackDelay, "callbackDelay cannot be null");
            moreAccounts = List.copyOf(Objects.requireNonNull(moreAccounts, "moreAccounts cannot be null"));
        }

        /** One account only. */
        public Options(final String apiKey, final String secretKey, final String callbackUrl, final Duration callbackDelay) {
            this(apiKey, secretKey, callbackUrl, callbackDelay, List.of());
        }

        @Override
        public String toString() {
            return "Options[apiKey=***, secretKey=***, callbackUrl=" + callbackUrl + ", callbackDelay=" + callbackDelay
                    + ", moreAccounts=" + moreAccounts + "]";
        }
    }

    /** What an account holds: its customers, and where its callbacks go signed with its secret. */
    private record Book(Map<String, XGatewayCustomer> customers, XGatewayCallbackSender callbacks) {
    }

    private final Options options;
    private final SandboxAccounts<Book> accounts;
    private final Supplier<String> origin;
    private final ObjectMapper json;
    private final XGatewayRequestBodies bodies;
    private final ScheduledExecutorService scheduler;
    private final Map<String, String> checkoutTokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param origin    the sandbox's own {@code http://localhost:<port>}, known once the server has started
     * @param json      the sandbox's one ObjectMapper
     * @param http      the client callbacks are sent with
     * @param scheduler runs the delayed verification outcomes and callback retries
     */
    public XGatewaySimulator(final Options options, final Supplier<String> origin, final ObjectMapper json,
                             final HttpClient http, final ScheduledExecutorService scheduler) {
        this.options = Objects.requireNonNull(options, "options cannot be null");
        this.origin = Objects.requireNonNull(origin, "origin cannot be null");
        this.json = Objects.requireNonNull(json, "json cannot be null");
        this.bodies = new XGatewayRequestBodies(json);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler cannot be null");
        Objects.requireNonNull(http, "http cannot be null");
        final List<SandboxAccount> all = new ArrayList<>();
        all.add(new SandboxAccount(DEFAULT_ACCOUNT, new SandboxCredentials.XGateway(options.apiKey(), options.secretKey()),
                options.callbackUrl()));
        all.addAll(options.moreAccounts());
        this.accounts = new SandboxAccounts<>("xgateway", all, account -> new Book(new ConcurrentHashMap<>(),
                account.callbackUrl() == null ? null : new XGatewayCallbackSender(URI.create(account.callbackUrl()),
                        ((SandboxCredentials.XGateway) account.credentials()).secretKey(), json, http, scheduler)));
    }

    @Override
    public String pathPrefix() {
        return PATH_PREFIX;
    }

    @Override
    public void registerRoutes(final RoutesConfig routes) {
        routes.before(API_PREFIX + "/*", this::authenticate);
        routes.post(API_PREFIX + "/customer/{id}/bank-transfer/user", this::createOrUpdateUser);
        routes.post(API_PREFIX + "/customer/{id}/bank-transfer/kyc/applicant", this::createApplicant);
        routes.post(API_PREFIX + "/customer/{id}/bank-transfer/kyc/initiate", this::initiateCheckout);
        routes.put(API_PREFIX + "/customer/{id}/" + DOCUMENT_PATH, this::uploadDocument);
        routes.post(API_PREFIX + "/customer/{id}/bank-transfer/kyc/verification", this::startVerification);
        routes.get(API_PREFIX + "/customer/{id}/bank-transfer/kyc", this::kycStatus);
        routes.get(CHECKOUT_PREFIX + "/{token}", this::checkoutPage);
        // For tests that must prove a retried request had no second effect at the vendor.
        routes.get("/_admin/effects/xgateway/{id}", ctx -> {
            final XGatewayCustomer customer = anyAccountsCustomer(ctx.pathParam("id"));
            ctx.status(customer == null ? 404 : 200).contentType("application/json")
                    .result(json.writeValueAsBytes(customer == null ? Map.of() : customer.effects()));
        });
        // For tests that must prove which files reached the vendor, by their SHA-256.
        routes.get("/_admin/documents/xgateway/{id}", ctx -> {
            final XGatewayCustomer customer = anyAccountsCustomer(ctx.pathParam("id"));
            ctx.status(customer == null ? 404 : 200).contentType("application/json")
                    .result(json.writeValueAsBytes(customer == null ? List.of() : customer.documents()));
        });
        routes.exception(XGatewayApiException.class, (e, ctx) -> writeError(ctx, e.status(), e.code(), e.getMessage()));
    }

    @Override
    public void renderError(final Context ctx, final int status, final String message) {
        writeError(ctx, status, XGatewayApiException.codeFor(status), message);
    }

    @Override
    public void close() {
        accounts.all().stream().map(held -> held.state().callbacks()).filter(Objects::nonNull).forEach(XGatewayCallbackSender::close);
    }

    /** The names of the accounts that hold a customer of this id (ours: xGateway takes the partner's customer id). */
    @Override
    public List<String> accountsHolding(final String customerId) {
        return accounts.namesWhere(book -> book.customers().containsKey(customerId));
    }

    /** Finds the account of the {@code x-api-key}. */
    private void authenticate(final Context ctx) {
        final String given = ctx.header("x-api-key");
        if (accounts.authenticate(ctx, given == null ? null : given.getBytes(StandardCharsets.UTF_8)).isEmpty()) {
            throw XGatewayApiException.unauthorized();
        }
    }

    private Map<String, XGatewayCustomer> customers(final Context ctx) {
        return accounts.of(ctx).state().customers();
    }

    private XGatewayCustomer anyAccountsCustomer(final String id) {
        return accounts.all().stream().map(held -> held.state().customers().get(id)).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** {@code POST /customer/{id}/bank-transfer/user}: 201 when created, 200 when it already existed (updated). */
    private void createOrUpdateUser(final Context ctx) {
        final String id = ctx.pathParam("id");
        final Map<String, String> changes = XGatewayRequestBodies.profileChanges(bodies.requiredObject(ctx.bodyAsBytes()));
        final boolean[] created = {false};
        final XGatewayCustomer customer = customers(ctx).computeIfAbsent(id, key -> {
            created[0] = true;
            return new XGatewayCustomer(key, XGatewayProfile.EMPTY.merge(changes));
        });
        final XGatewayStatus status = created[0] ? customer.status() : customer.updateProfile(changes);
        LOG.info("xgateway: user profile of customer {} {} (status {})", id, created[0] ? "created" : "updated", status);
        respond(ctx, created[0] ? 201 : 200, XGatewayJson.Success.of(new XGatewayJson.User(id, status.name())));
    }

    /**
     * {@code POST /customer/{id}/bank-transfer/kyc/applicant}: 201 with the new applicant's id, 200
     * with the same one when it already exists. The body is optional and its fields are ignored.
     */
    private void createApplicant(final Context ctx) {
        final String id = ctx.pathParam("id");
        bodies.optionalObject(ctx.bodyAsBytes());
        final XGatewayCustomer.Applicant applicant = requireCustomer(ctx, id).createApplicant(newApplicantId());
        LOG.info("xgateway: KYC applicant {} of customer {} {} (status {})", applicant.id(), id,
                applicant.created() ? "created" : "already existed", applicant.status());
        respond(ctx, applicant.created() ? 201 : 200, XGatewayJson.Success.of(new XGatewayJson.Applicant(applicant.id())));
    }

    /** {@code POST /customer/{id}/bank-transfer/kyc/initiate}: 201 with a fresh checkout URL. */
    private void initiateCheckout(final Context ctx) {
        final String id = ctx.pathParam("id");
        final JsonNode body = bodies.requiredObject(ctx.bodyAsBytes());
        XGatewayRequestBodies.optionalBoolean(body, "isKycNoSdk");
        XGatewayRequestBodies.optionalString(body, "applicationId");
        final String requestedLocale = XGatewayRequestBodies.optionalString(body, "locale");
        final String locale = requestedLocale == null || requestedLocale.isBlank() ? DEFAULT_LOCALE : requestedLocale.trim();

        final XGatewayStatus status = requireCustomer(ctx, id).checkoutRequested();
        final String token = newToken();
        checkoutTokens.put(token, id);
        final String url = origin.get() + CHECKOUT_PREFIX + "/" + token
                + "?locale=" + URLEncoder.encode(locale, StandardCharsets.UTF_8);
        LOG.info("xgateway: checkout link issued for customer {} (status {})", id, status);
        respond(ctx, 201, XGatewayJson.Success.of(url));
    }

    /**
     * {@code PUT /customer/{id}/bank-transfer/kyc/document}: keeps the document (a re-upload of the
     * same type and side replaces it) and answers 200. The upload page requires the user profile (404
     * without) and the applicant (precondition_failed without).
     */
    private void uploadDocument(final Context ctx) {
        final String id = ctx.pathParam("id");
        final XGatewayCustomer customer = requireCustomer(ctx, id);
        final XGatewayDocument document = XGatewayUploads.read(ctx);
        final XGatewayStatus status = customer.uploadDocument(document);
        if (status == null) {
            throw XGatewayApiException.preconditionFailed("KYC document upload needs a KYC applicant.");
        }
        LOG.info("xgateway: {} document of customer {} uploaded (status {})", document.slot(), id, status);
        respond(ctx, 200, XGatewayJson.Success.of("KYC document uploaded"));
    }

    /**
     * {@code POST /customer/{id}/bank-transfer/kyc/verification}: 204, then the outcome after the
     * callback delay, then the callback. Its documented answers have no 404, and a user profile is
     * one of its preconditions, so an unknown customer is a {@code precondition_failed} here.
     */
    private void startVerification(final Context ctx) {
        final String id = ctx.pathParam("id");
        final XGatewayCustomer customer = customers(ctx).get(id);
        if (customer == null) {
            throw XGatewayApiException.preconditionFailed(
                    XGatewayPrecondition.message(List.of(XGatewayPrecondition.values()), null));
        }
        final XGatewayCustomer.VerificationStart start = customer.startVerification();
        switch (start.kind()) {
            case FAULT -> {
                LOG.info("xgateway: injected fault on the first verification call of customer {}", id);
                throw XGatewayApiException.internalServerError();
            }
            case NOT_VERIFIABLE -> throw XGatewayApiException.preconditionFailed(
                    XGatewayPrecondition.message(start.missing(), start.status()));
            case STARTED -> {
                final XGatewayCallbackSender callbacks = accounts.of(ctx).state().callbacks();
                scheduler.schedule(() -> decide(customer, start, callbacks), options.callbackDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
                LOG.info("xgateway: verification {} of customer {} started", start.round(), id);
                ctx.status(204);
            }
            default -> throw new IllegalStateException("unknown verification start " + start.kind());
        }
    }

    /** {@code GET /customer/{id}/bank-transfer/kyc}. */
    private void kycStatus(final Context ctx) {
        final XGatewayKycView view = requireCustomer(ctx, ctx.pathParam("id")).view();
        respond(ctx, 200, XGatewayJson.Success.of(XGatewayJson.KycStatus.of(view)));
    }

    /** The page a checkout link opens: a stand-in for the vendor's hosted KYC flow (no api key, as a browser opens it). */
    private void checkoutPage(final Context ctx) {
        if (!checkoutTokens.containsKey(ctx.pathParam("token"))) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("This checkout link is not known.");
            return;
        }
        ctx.status(200).contentType("text/html; charset=utf-8").result(
                "<!doctype html><html><head><title>xGateway sandbox checkout</title></head><body>"
                        + "<h1>xGateway sandbox checkout</h1>"
                        + "<p>A stand-in for the hosted KYC flow, which collects the documents: nothing to fill in. "
                        + "Start the verification with "
                        + "<code>POST " + API_PREFIX + "/customer/{id}/bank-transfer/kyc/verification</code>.</p>"
                        + "</body></html>");
    }

    private void decide(final XGatewayCustomer customer, final XGatewayCustomer.VerificationStart start,
                        final XGatewayCallbackSender callbacks) {
        try {
            final XGatewayKycView decided = customer.decide(start.round(), start.outcome());
            if (decided == null) {
                LOG.info("xgateway: verification {} of customer {} was superseded", start.round(), customer.id());
                return;
            }
            LOG.info("xgateway: verification {} of customer {} decided: {}", start.round(), customer.id(),
                    decided.status());
            if (callbacks != null) {
                callbacks.send(decided);
            }
        } catch (RuntimeException e) {
            LOG.error("xgateway: deciding the verification of customer {} failed", customer.id(), e);
        }
    }

    private XGatewayCustomer requireCustomer(final Context ctx, final String id) {
        final XGatewayCustomer customer = customers(ctx).get(id);
        if (customer == null) {
            throw XGatewayApiException.customerNotFound(id);
        }
        return customer;
    }

    private String newToken() {
        return randomHex(16);
    }

    /** SumSub, behind xGateway, names applicants with 24 hex digits (a MongoDB ObjectId). */
    private String newApplicantId() {
        return randomHex(12);
    }

    private String randomHex(final int bytes) {
        final byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private void respond(final Context ctx, final int status, final Object body) {
        try {
            ctx.status(status).contentType(JSON).result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeError(final Context ctx, final int status, final String code, final String message) {
        respond(ctx, status, XGatewayJson.Failure.of(code, message));
    }
}
