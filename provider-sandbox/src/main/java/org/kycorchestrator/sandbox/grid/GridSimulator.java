package org.kycorchestrator.sandbox.grid;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kycorchestrator.sandbox.BasicAuthorization;
import org.kycorchestrator.sandbox.SandboxAccount;
import org.kycorchestrator.sandbox.SandboxAccounts;
import org.kycorchestrator.sandbox.SandboxCredentials;
import org.kycorchestrator.sandbox.VendorSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Lightspark Grid KYC API, as Grid's public documentation describes it,
 * under {@value #API_PREFIX}: customers, hosted KYC links, the customer and verification look-ups,
 * and signed webhooks. Grid has no call that starts a verification: the hosted flow behind the link
 * is the verification, so the sandbox plays the customer and goes through it on its own after each
 * link (see {@link GridCustomer}). State is in memory, per account: each account (API token) has its
 * own customers, and its own webhook URL and signing key pair, as at Grid. The customer's full name picks the scenario
 * (see {@link GridMagicValues}). Only ids are logged, never personal data.
 */
public final class GridSimulator implements VendorSimulator {

    public static final String PATH_PREFIX = "/grid";
    /** Grid's own base path, {@code https://api.lightspark.com/grid/2025-10-13}. */
    public static final String VENDOR_BASE_PATH = "/grid/2025-10-13";
    public static final String API_PREFIX = PATH_PREFIX + VENDOR_BASE_PATH;
    static final String HOSTED_PREFIX = PATH_PREFIX + "/kyc";
    static final Duration LINK_LIFETIME = Duration.ofHours(1);
    static final long RETRY_AFTER_SECONDS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(GridSimulator.class);
    private static final String JSON = "application/json";
    private static final int MAX_LIMIT = 100;

    /**
     * What one account holds: its customers (platformCustomerIds are unique within the account
     * only), its remembered link answers, and its webhooks, signed with a key pair of its own.
     */
    private record Platform(Map<String, GridCustomer> customers, Map<String, String> idsByPlatformId,
                            Map<String, GridJson.KycLink> linksByIdempotencyKey, GridWebhookSigner signer, GridWebhookSender webhooks) {

        boolean holds(final String id) {
            return customers.containsKey(id) || idsByPlatformId.containsKey(id);
        }
    }

    private final GridSettings settings;
    private final SandboxAccounts<Platform> accounts;
    private final Supplier<String> origin;
    private final ObjectMapper json;
    private final GridRequestBodies bodies;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    /** The hosted pages' tokens, each with its Grid customer id: a browser opens them without credentials. */
    private final Map<String, String> hostedTokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param origin    the sandbox's own {@code http://localhost:<port>}, known once the server has started
     * @param json      the sandbox's one ObjectMapper
     * @param http      the client webhooks are sent with
     * @param scheduler runs the simulated hosted flows and the webhook retries
     */
    public GridSimulator(final GridSettings settings, final Supplier<String> origin, final ObjectMapper json,
                         final HttpClient http, final ScheduledExecutorService scheduler) {
        this(settings, List.of(), origin, json, http, scheduler);
    }

    /**
     * @param moreAccounts accounts besides the one of {@code settings}, each with its own credentials, customers,
     *                     webhook URL and signing key pair
     */
    public GridSimulator(final GridSettings settings, final List<SandboxAccount> moreAccounts, final Supplier<String> origin,
                         final ObjectMapper json, final HttpClient http, final ScheduledExecutorService scheduler) {
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.origin = Objects.requireNonNull(origin, "origin cannot be null");
        this.json = Objects.requireNonNull(json, "json cannot be null");
        this.bodies = new GridRequestBodies(json);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler cannot be null");
        this.clock = Clock.systemUTC();
        Objects.requireNonNull(http, "http cannot be null");
        final List<SandboxAccount> all = new ArrayList<>();
        all.add(new SandboxAccount(SandboxAccount.DEFAULT, new SandboxCredentials.Grid(settings.clientId(), settings.clientSecret()),
                settings.webhookUrl()));
        all.addAll(Objects.requireNonNull(moreAccounts, "moreAccounts cannot be null"));
        this.accounts = new SandboxAccounts<>("grid", all, account -> {
            final GridWebhookSigner signer = new GridWebhookSigner();
            return new Platform(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), signer,
                    account.callbackUrl() == null ? null
                            : new GridWebhookSender(URI.create(account.callbackUrl()), signer, json, http, scheduler, clock));
        });
    }

    /** The PEM of the public key the default account's webhooks verify with; new at every start. */
    public String webhookPublicKeyPem() {
        return webhookPublicKeyPem(SandboxAccount.DEFAULT);
    }

    /**
     * The PEM of the public key one account's webhooks verify with: each account has a key pair of
     * its own, new at every start, as Grid hands each merchant the public key of its own account.
     */
    public String webhookPublicKeyPem(final String account) {
        return accounts.named(account).orElseThrow(() -> new IllegalArgumentException("Grid has no account named " + account))
                .state().signer().publicKeyPem();
    }

    @Override
    public String pathPrefix() {
        return PATH_PREFIX;
    }

    @Override
    public void registerRoutes(final RoutesConfig routes) {
        routes.before(API_PREFIX + "/*", this::authenticate);
        routes.post(API_PREFIX + "/customers", this::createCustomer);
        routes.get(API_PREFIX + "/customers", this::listCustomers);
        routes.get(API_PREFIX + "/customers/{customerId}", this::getCustomer);
        routes.patch(API_PREFIX + "/customers/{customerId}", this::updateCustomer);
        routes.post(API_PREFIX + "/customers/{customerId}/kyc-link", this::createKycLink);
        routes.get(API_PREFIX + "/verifications", this::listVerifications);
        routes.get(HOSTED_PREFIX + "/{token}", this::hostedPage);
        // For tests that play a webhook signed by one account but sent about, or to, another: the
        // X-Grid-Signature that account's private key gives the body, which only the sandbox holds.
        routes.post("/_admin/webhook-signatures/grid/{account}", ctx -> {
            final var account = accounts.named(ctx.pathParam("account"));
            if (account.isEmpty()) {
                throw GridApiException.of(404, "No such account.");
            }
            ctx.status(200).contentType("text/plain").result(account.get().state().signer().signatureHeader(ctx.bodyAsBytes()));
        });
        routes.exception(GridApiException.class, (e, ctx) -> writeError(ctx, e));
    }

    @Override
    public void renderError(final Context ctx, final int status, final String message) {
        writeError(ctx, GridApiException.of(status, message));
    }

    @Override
    public void close() {
        accounts.all().stream().map(held -> held.state().webhooks()).filter(Objects::nonNull).forEach(GridWebhookSender::close);
    }

    /** The accounts that hold a customer of this Grid id, or of this platformCustomerId (our customer id). */
    @Override
    public List<String> accountsHolding(final String id) {
        return accounts.namesWhere(platform -> platform.holds(id));
    }

    /** HTTP Basic with the client id and secret of one of the accounts. */
    private void authenticate(final Context ctx) {
        if (accounts.authenticate(ctx, BasicAuthorization.decode(ctx.header("Authorization"))).isEmpty()) {
            throw GridApiException.unauthorized();
        }
    }

    private Platform platform(final Context ctx) {
        return accounts.of(ctx).state();
    }

    /** {@code POST /customers}: 201 with the new customer; 409 when the platformCustomerId is taken. */
    private void createCustomer(final Context ctx) {
        final JsonNode body = bodies.requiredObject(ctx.bodyAsBytes());
        GridRequestBodies.requireIndividual(body);
        final String requestedPlatformId = GridRequestBodies.optionalString(body, GridRequestBodies.PLATFORM_CUSTOMER_ID);
        if (requestedPlatformId != null && requestedPlatformId.isBlank()) {
            throw GridApiException.invalidField(GridRequestBodies.PLATFORM_CUSTOMER_ID, "cannot be blank");
        }
        final String umaAddress = GridRequestBodies.optionalString(body, "umaAddress");
        final GridProfile profile = GridProfile.EMPTY.merge(GridRequestBodies.profileChanges(body));
        final String platformId = requestedPlatformId != null ? requestedPlatformId : randomHex(8);
        final String id = "Customer:" + UUID.randomUUID();
        final Platform platform = platform(ctx);
        if (platform.idsByPlatformId().putIfAbsent(platformId, id) != null) {
            LOG.info("grid: refused a second customer for an existing platformCustomerId");
            throw GridApiException.platformCustomerIdTaken();
        }
        final GridCustomer customer = new GridCustomer(id, platformId,
                umaAddress != null ? umaAddress : "$" + randomHex(6) + "@sandbox.grid.local", profile, now());
        platform.customers().put(id, customer);
        LOG.info("grid: customer {} created", id);
        respond(ctx, 201, GridJson.Customer.of(customer.view()));
    }

    /** {@code GET /customers}: filtered by {@code platformCustomerId} and {@code customerType}, on one page. */
    private void listCustomers(final Context ctx) {
        requireLimit(ctx);
        final String platformId = ctx.queryParam(GridRequestBodies.PLATFORM_CUSTOMER_ID);
        final String type = ctx.queryParam("customerType");
        if (type != null && !type.equals(GridJson.INDIVIDUAL) && !type.equals("BUSINESS")) {
            throw GridApiException.invalidField("customerType", "must be INDIVIDUAL or BUSINESS");
        }
        final List<GridJson.Customer> matches = "BUSINESS".equals(type) ? List.of() : platform(ctx).customers().values().stream()
                .filter(customer -> platformId == null || platformId.equals(customer.platformCustomerId()))
                .map(GridCustomer::view)
                .sorted(Comparator.comparing(GridCustomerView::createdAt))
                .map(GridJson.Customer::of)
                .toList();
        respond(ctx, 200, GridJson.Page.of(matches));
    }

    /** {@code GET /customers/{customerId}}. */
    private void getCustomer(final Context ctx) {
        respond(ctx, 200, GridJson.Customer.of(requireCustomer(ctx, ctx.pathParam("customerId")).view()));
    }

    /** {@code PATCH /customers/{customerId}}: 200 with the updated customer; fields left out stay as they are. */
    private void updateCustomer(final Context ctx) {
        final GridCustomer customer = requireCustomer(ctx, ctx.pathParam("customerId"));
        final JsonNode body = bodies.requiredObject(ctx.bodyAsBytes());
        GridRequestBodies.requireIndividual(body);
        final GridCustomerView updated = customer.update(GridRequestBodies.profileChanges(body), now());
        LOG.info("grid: customer {} updated (kycStatus {})", customer.id(), updated.kycStatus());
        respond(ctx, 200, GridJson.Customer.of(updated));
    }

    /**
     * {@code POST /customers/{customerId}/kyc-link}: 201 with a fresh single-use link. A repeated
     * {@code Idempotency-Key} gets the first answer again, without side effects; failures are not
     * remembered, so a retry with the same key after a 429 gets a link.
     */
    private void createKycLink(final Context ctx) {
        final GridCustomer customer = requireCustomer(ctx, ctx.pathParam("customerId"));
        final String redirectUri = GridRequestBodies.redirectUri(bodies.optionalObject(ctx.bodyAsBytes()));
        final String key = ctx.header("Idempotency-Key");
        final Platform platform = platform(ctx);
        final GridJson.KycLink link = key == null || key.isBlank() ? issueLink(platform, customer, redirectUri)
                : platform.linksByIdempotencyKey().computeIfAbsent(key, ignored -> issueLink(platform, customer, redirectUri));
        respond(ctx, 201, link);
    }

    private GridJson.KycLink issueLink(final Platform platform, final GridCustomer customer, final String redirectUri) {
        final GridCustomer.LinkRequest request = customer.linkRequested();
        switch (request.answer()) {
            case RATE_LIMITED -> {
                LOG.info("grid: injected rate limit on the first KYC link call of customer {}", customer.id());
                throw GridApiException.rateLimited(RETRY_AFTER_SECONDS);
            }
            case CONTACT_VERIFICATION_REQUIRED -> {
                LOG.info("grid: KYC link refused for customer {}: contact not verified", customer.id());
                throw GridApiException.contactVerificationRequired();
            }
            case ISSUED -> {
                final String token = randomHex(16);
                hostedTokens.put(token, customer.id());
                final String url = origin.get() + HOSTED_PREFIX + "/" + token
                        + (redirectUri == null ? "" : "?redirectUri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
                if (request.round() > 0) {
                    schedule(() -> submit(platform, customer, request.round()));
                }
                LOG.info("grid: KYC link issued for customer {}{}", customer.id(),
                        request.round() > 0 ? " (hosted flow round " + request.round() + ")" : "");
                return new GridJson.KycLink(url, now().plus(LINK_LIFETIME).truncatedTo(ChronoUnit.SECONDS).toString(),
                        GridJson.PROVIDER, "sbx-" + randomHex(16));
            }
            default -> throw new IllegalStateException("unknown link answer " + request.answer());
        }
    }

    /** {@code GET /verifications}: filtered by {@code customerId} and {@code verificationStatus}, newest first. */
    private void listVerifications(final Context ctx) {
        requireLimit(ctx);
        final String customerId = ctx.queryParam("customerId");
        final String status = ctx.queryParam("verificationStatus");
        if (status != null && Arrays.stream(GridVerificationStatus.values()).noneMatch(s -> s.name().equals(status))) {
            throw GridApiException.invalidField("verificationStatus", "is not a verification status");
        }
        final List<GridJson.Verification> matches = platform(ctx).customers().values().stream()
                .filter(customer -> customerId == null || customerId.equals(customer.id()))
                .flatMap(customer -> customer.verifications().stream())
                .filter(verification -> status == null || verification.status().name().equals(status))
                .sorted(Comparator.comparing(GridVerification::createdAt).reversed())
                .map(GridJson.Verification::of)
                .toList();
        respond(ctx, 200, GridJson.Page.of(matches));
    }

    /** The page a KYC link opens: a stand-in for the hosted flow, which the sandbox completes by itself. */
    private void hostedPage(final Context ctx) {
        if (!hostedTokens.containsKey(ctx.pathParam("token"))) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("This KYC link is not known.");
            return;
        }
        ctx.status(200).contentType("text/html; charset=utf-8").result(
                "<!doctype html><html><head><title>Grid sandbox KYC</title></head><body>"
                        + "<h1>Grid sandbox KYC</h1>"
                        + "<p>A stand-in for the hosted verification flow. Nothing to fill in: the sandbox submits it "
                        + "for the customer and decides it by the customer's name.</p></body></html>");
    }

    private void submit(final Platform platform, final GridCustomer customer, final long round) {
        final List<GridEvent> events = customer.submit(round, "Verification:" + UUID.randomUUID(), now());
        if (events.isEmpty()) {
            return;
        }
        LOG.info("grid: customer {} submitted the hosted flow (round {})", customer.id(), round);
        publish(platform, customer, events);
        schedule(() -> decide(platform, customer, round));
    }

    private void decide(final Platform platform, final GridCustomer customer, final long round) {
        final List<GridEvent> events = customer.decide(round, now());
        LOG.info("grid: verification round {} of customer {} decided: {}", round, customer.id(),
                events.isEmpty() ? "no change" : events.stream().map(GridEvent::type).toList());
        publish(platform, customer, events);
    }

    /** Webhooks go to the customer's own account's URL, signed with that account's key. */
    private static void publish(final Platform platform, final GridCustomer customer, final List<GridEvent> events) {
        if (platform.webhooks() != null) {
            events.forEach(event -> platform.webhooks().send(customer.id(), event));
        }
    }

    private void schedule(final Runnable step) {
        scheduler.schedule(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.error("grid: a step of the simulated hosted flow failed", e);
            }
        }, settings.callbackDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Another account's customer is unknown here, exactly like one that never was. */
    private GridCustomer requireCustomer(final Context ctx, final String id) {
        final GridCustomer customer = platform(ctx).customers().get(id);
        if (customer == null) {
            throw GridApiException.customerNotFound(id);
        }
        return customer;
    }

    /** {@code limit} is documented as 1 to 100; the sandbox puts every match on one page anyway. */
    private static void requireLimit(final Context ctx) {
        final String limit = ctx.queryParam("limit");
        if (limit == null) {
            return;
        }
        try {
            final int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw GridApiException.invalidField("limit", "must be an integer from 1 to " + MAX_LIMIT);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
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

    private void writeError(final Context ctx, final GridApiException e) {
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        respond(ctx, e.status(), GridJson.Error.of(e.status(), e.code(), e.getMessage(), e.fieldErrors()));
    }

    @Override
    public String toString() {
        return "GridSimulator[" + settings + "]";
    }
}
