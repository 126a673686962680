package org.kycorchestrator.sandbox.capa;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * The simulated Capa partner API, as Capa's public documentation describes it (notably its page
 * "generate direct KYC link"), under {@value #PATH_PREFIX}: users, the KYC verification link with
 * its Mexican personal information, the hosted session behind the link, the KYC details, and the
 * signed KYC webhooks. State is in memory, per partner account: each {@code partner-api-key} has its
 * own users, and its own webhook URL and secret, as at Capa. The last name the end user types into the hosted session
 * picks the verdict (see {@link CapaMagicValues}). Only user ids and external user ids are logged.
 */
public final class CapaSimulator implements VendorSimulator {

    public static final String PATH_PREFIX = "/capa";
    static final String API = PATH_PREFIX + "/api/partner/v2";
    static final String SESSION_PREFIX = PATH_PREFIX + "/kyc-session";

    private static final Logger LOG = LoggerFactory.getLogger(CapaSimulator.class);
    private static final String JSON = "application/json";

    /**
     * What one partner account holds: its users, unique by externalUserId and e-mail within the
     * account only, and where its webhooks go signed with its secret.
     */
    private static final class Partner {
        private final Object registration = new Object();
        private final Map<String, CapaUser> usersById = new ConcurrentHashMap<>();
        private final Map<String, CapaUser> usersByExternalId = new ConcurrentHashMap<>();
        private final Map<String, CapaUser> usersByEmail = new ConcurrentHashMap<>();
        private final CapaWebhookSender webhooks;

        Partner(final CapaWebhookSender webhooks) {
            this.webhooks = webhooks;
        }

        boolean holds(final String id) {
            return usersById.containsKey(id) || usersByExternalId.containsKey(id);
        }
    }

    /** An open hosted session: the user, and the account it belongs to (the browser brings no key). */
    private record Session(CapaUser user, Partner partner) {
    }

    private final CapaSandboxSettings settings;
    private final SandboxAccounts<Partner> accounts;
    private final Supplier<String> origin;
    private final ObjectMapper json;
    private final CapaRequestBodies bodies;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param origin    the sandbox's own {@code http://localhost:<port>}, known once the server has started
     * @param json      the sandbox's one ObjectMapper
     * @param http      the client webhooks are sent with
     * @param scheduler runs the delayed verdicts and the webhook attempts
     */
    public CapaSimulator(final CapaSandboxSettings settings, final Supplier<String> origin, final ObjectMapper json,
                         final HttpClient http, final ScheduledExecutorService scheduler) {
        this(settings, List.of(), origin, json, http, scheduler);
    }

    /**
     * @param moreAccounts accounts besides the one of {@code settings}, each with its own key, users, webhook URL and secret
     */
    public CapaSimulator(final CapaSandboxSettings settings, final List<SandboxAccount> moreAccounts, final Supplier<String> origin,
                         final ObjectMapper json, final HttpClient http, final ScheduledExecutorService scheduler) {
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.origin = Objects.requireNonNull(origin, "origin cannot be null");
        this.json = Objects.requireNonNull(json, "json cannot be null");
        this.bodies = new CapaRequestBodies(json);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler cannot be null");
        Objects.requireNonNull(http, "http cannot be null");
        final List<SandboxAccount> all = new ArrayList<>();
        all.add(new SandboxAccount(SandboxAccount.DEFAULT, new SandboxCredentials.Capa(settings.apiKey(), settings.webhookSecret()),
                settings.webhookUrl()));
        all.addAll(Objects.requireNonNull(moreAccounts, "moreAccounts cannot be null"));
        this.accounts = new SandboxAccounts<>("capa", all, account -> new Partner(account.callbackUrl() == null ? null
                : new CapaWebhookSender(URI.create(account.callbackUrl()), ((SandboxCredentials.Capa) account.credentials()).webhookSecret(),
                        json, http, scheduler, settings.webhookSchedule())));
    }

    @Override
    public String pathPrefix() {
        return PATH_PREFIX;
    }

    @Override
    public void registerRoutes(final RoutesConfig routes) {
        routes.before(API + "/*", this::authenticate);
        routes.post(API + "/users", this::createUser);
        routes.get(API + "/users", this::findUsers);
        routes.post(API + "/kyc/verification-link", this::verificationLink);
        routes.get(API + "/kyc/details", this::kycDetails);
        routes.get(SESSION_PREFIX + "/{token}", this::sessionPage);
        routes.post(SESSION_PREFIX + "/{token}", this::submitSession);
        routes.exception(CapaApiException.class, (e, ctx) -> writeError(ctx, e.status(), e.code(), e.getMessage()));
    }

    @Override
    public void renderError(final Context ctx, final int status, final String message) {
        writeError(ctx, status, CapaApiException.codeFor(status), message);
    }

    @Override
    public void close() {
        accounts.all().stream().map(held -> held.state().webhooks).filter(Objects::nonNull).forEach(CapaWebhookSender::close);
    }

    /** The accounts that hold a user of this Capa userId, or of this externalUserId (our customer id). */
    @Override
    public List<String> accountsHolding(final String id) {
        return accounts.namesWhere(partner -> partner.holds(id));
    }

    private void authenticate(final Context ctx) {
        final String given = ctx.header("partner-api-key");
        if (given == null || given.isBlank()) {
            throw CapaApiException.apiKeyMissing();
        }
        if (accounts.authenticate(ctx, given.getBytes(StandardCharsets.UTF_8)).isEmpty()) {
            throw CapaApiException.apiKeyInvalid();
        }
    }

    private Partner partner(final Context ctx) {
        return accounts.of(ctx).state();
    }

    /**
     * {@code POST /users}: 201 {@code {"success":true,"data":{"userId"}}}. The externalUserId and
     * the e-mail address are unique per partner: reusing either is a 409 conflict, so a retried
     * creation never makes a second user.
     */
    private void createUser(final Context ctx) {
        final CapaRequestBodies.NewUser request = bodies.newUser(ctx.bodyAsBytes());
        final String emailKey = request.email().toLowerCase(Locale.ROOT);
        final Partner partner = partner(ctx);
        final CapaUser user;
        synchronized (partner.registration) {
            if (request.externalUserId() != null && partner.usersByExternalId.containsKey(request.externalUserId())) {
                throw CapaApiException.conflict("externalUserId");
            }
            if (partner.usersByEmail.containsKey(emailKey)) {
                throw CapaApiException.conflict("email");
            }
            user = new CapaUser(UUID.randomUUID().toString(), request.type(), request.email(), request.externalUserId());
            partner.usersById.put(user.userId(), user);
            partner.usersByEmail.put(emailKey, user);
            if (request.externalUserId() != null) {
                partner.usersByExternalId.put(request.externalUserId(), user);
            }
        }
        LOG.info("capa: user {} created for external user {}", user.userId(), user.externalUserId());
        respond(ctx, 201, CapaJson.Success.of(new CapaJson.UserCreated(user.userId())));
    }

    /**
     * {@code GET /users?externalUserId=}: 200 {@code {"success":true,"data":[{userId,type,email,externalUserId}]}},
     * an empty list when no user has that id. Capa's pages show no look-up; this is the sandbox's
     * reading of "use externalUserId to match your users" (see the README).
     */
    private void findUsers(final Context ctx) {
        final String externalUserId = ctx.queryParam("externalUserId");
        final Partner partner = partner(ctx);
        final List<CapaUser> found;
        if (externalUserId == null) {
            found = partner.usersById.values().stream().toList();
        } else {
            final CapaUser user = partner.usersByExternalId.get(externalUserId);
            found = user == null ? List.of() : List.of(user);
        }
        respond(ctx, 200, CapaJson.Success.of(CapaJson.users(found)));
    }

    /**
     * {@code POST /kyc/verification-link} (Capa's "generate direct KYC link" page): 201 {@code {"status":"ok","data":{"kycLink"}}}.
     * Each call opens a new hosted session and closes the previous one.
     */
    private void verificationLink(final Context ctx) {
        final CapaRequestBodies.LinkRequest request = bodies.linkRequest(ctx.bodyAsBytes());
        final Partner partner = partner(ctx);
        final CapaUser user = requireUser(partner, request.userId());
        if (!user.individual()) {
            throw CapaApiException.notKycUser();
        }
        final String token = randomHex(16);
        final String replaced = user.openSession(token, "vs_" + randomHex(8), request.partnerRedirectUri(),
                request.personalInfo());
        sessions.put(token, new Session(user, partner));
        if (replaced != null) {
            sessions.remove(replaced);
        }
        LOG.info("capa: KYC link issued for user {} ({})", user.userId(), request.country());
        respond(ctx, 201, CapaJson.Ok.of(new CapaJson.KycLink(origin.get() + SESSION_PREFIX + "/" + token)));
    }

    /** {@code GET /kyc/details?userId=}: 200 {@code {"status":"ok","data":{"aipriseSummary":{"verificationResult"},...}}}. */
    private void kycDetails(final Context ctx) {
        final String userId = ctx.queryParam("userId");
        if (userId == null || userId.isBlank()) {
            throw CapaApiException.invalidInput("userId is required");
        }
        respond(ctx, 200, CapaJson.Ok.of(requireUser(partner(ctx), userId).details()));
    }

    /** The page a KYC link opens: a stand-in for the hosted flow, where the end user types a name. */
    private void sessionPage(final Context ctx) {
        final Session session = openSession(ctx);
        if (session == null) {
            return;
        }
        ctx.status(200).contentType("text/html; charset=utf-8").result(
                "<!doctype html><html><head><title>Capa sandbox KYC</title></head><body>"
                        + "<h1>Capa sandbox KYC</h1>"
                        + "<p>A stand-in for the hosted identity verification. The last name chooses the verdict: "
                        + "<code>Reject</code>, <code>Review</code>, anything else is verified.</p>"
                        + "<form method=\"post\">"
                        + "<label>First name <input name=\"firstName\"></label> "
                        + "<label>Last name <input name=\"lastName\"></label> "
                        + "<button type=\"submit\">Submit</button>"
                        + "</form></body></html>");
    }

    /**
     * The end user submits the hosted session (a form post with {@code lastName}): the KYC is
     * created ({@code CREATED_KYC} webhook at once), decided after the decision delay, and the
     * browser is sent to the partner's redirect URI.
     */
    private void submitSession(final Context ctx) {
        final Session session = openSession(ctx);
        if (session == null) {
            return;
        }
        final CapaUser user = session.user();
        final String token = ctx.pathParam("token");
        final CapaUser.Submission submission = user.submit(token, ctx.formParam("lastName"));
        sessions.remove(token);
        if (submission == null) {
            notFoundPage(ctx);
            return;
        }
        LOG.info("capa: KYC of user {} submitted", user.userId());
        notify(session.partner(), user, CapaKycStatus.IN_PROGRESS);
        try {
            scheduler.schedule(() -> decide(session.partner(), user, submission.verdict()), settings.decisionDelay().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("capa: sandbox stopped; the KYC of user {} stays undecided", user.userId());
        }
        ctx.status(303).header("Location", submission.redirectUri());
    }

    private void decide(final Partner partner, final CapaUser user, final CapaKycStatus verdict) {
        try {
            if (user.decide(verdict)) {
                LOG.info("capa: KYC of user {} decided: {}", user.userId(), verdict);
                notify(partner, user, verdict);
            }
        } catch (RuntimeException e) {
            LOG.error("capa: deciding the KYC of user {} failed", user.userId(), e);
        }
    }

    /** Webhooks go to the user's own account's URL, signed with that account's secret. */
    private void notify(final Partner partner, final CapaUser user, final CapaKycStatus status) {
        if (partner.webhooks != null && status.webhookEvent() != null) {
            partner.webhooks.send(status.webhookEvent(), user.externalUserId());
        }
    }

    /** The session {@code token} opens, or {@code null} after answering 404. */
    private Session openSession(final Context ctx) {
        final String token = ctx.pathParam("token");
        final Session session = sessions.get(token);
        if (session == null || !session.user().hasOpenSession(token)) {
            notFoundPage(ctx);
            return null;
        }
        return session;
    }

    private static void notFoundPage(final Context ctx) {
        ctx.status(404).contentType("text/plain; charset=utf-8").result("This KYC link is not valid or was already used.");
    }

    /** Another account's user is unknown here, exactly like one that never was. */
    private static CapaUser requireUser(final Partner partner, final String userId) {
        final CapaUser user = partner.usersById.get(userId);
        if (user == null) {
            throw CapaApiException.userNotFound();
        }
        return user;
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
        respond(ctx, status, new CapaJson.Failure(status, code, message));
    }
}
