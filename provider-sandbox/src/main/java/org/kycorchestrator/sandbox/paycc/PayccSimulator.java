package org.kycorchestrator.sandbox.paycc;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * The simulated IPAYMENT Paycc KYC API, as IPAYMENT's public documentation describes it, under
 * {@value #API_PREFIX}: the init call, which answers a hosted KYC URL and the {@code kid}, and the
 * status poll by {@code kid}. Paycc sends no callbacks; results are only polled. State is in
 * memory, per account: each account (HTTP Basic user and password, with its merchant code) has its
 * own KYCs, as at IPAYMENT. The last word of the {@code name} picks the scenario (see {@link PayccMagicValues}).
 * Only kids are logged, never personal data.
 */
public final class PayccSimulator implements VendorSimulator {

    public static final String PATH_PREFIX = "/paycc";
    /** The vendor's own base path is {@code /api} ({@code https://console.ipayments.in/api}). */
    public static final String API_PREFIX = PATH_PREFIX + "/api";
    static final String INIT_PATH = "/v1/service/paycc/init/kyc";
    static final String STATUS_PATH = "/v1/service/paycc/kyc/status/";
    static final String GATEWAY_PREFIX = PATH_PREFIX + "/gateway";

    /** A 1×1 PNG: the record's photo, as base64, the way the vendor sends the customer's photo. */
    static final String PHOTO = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    private static final Logger LOG = LoggerFactory.getLogger(PayccSimulator.class);
    private static final String JSON = "application/json";
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final DateTimeFormatter KID_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmssSSS");

    private final PayccSandboxSettings settings;
    /** Each account's KYCs, by kid. */
    private final SandboxAccounts<Map<String, PayccKyc>> accounts;
    private final Supplier<String> origin;
    private final ObjectMapper json;
    /** The hosted pages' tokens, each with the kid of its KYC: a browser opens them without credentials. */
    private final Map<String, String> gatewayTokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param origin the sandbox's own {@code http://localhost:<port>}, known once the server has started
     * @param json   the sandbox's one ObjectMapper
     */
    public PayccSimulator(final PayccSandboxSettings settings, final Supplier<String> origin, final ObjectMapper json) {
        this(settings, List.of(), origin, json);
    }

    /**
     * @param moreAccounts accounts besides the one of {@code settings}, each with its own credentials, merchant code and KYCs
     * @param origin       the sandbox's own {@code http://localhost:<port>}, known once the server has started
     * @param json         the sandbox's one ObjectMapper
     */
    public PayccSimulator(final PayccSandboxSettings settings, final List<SandboxAccount> moreAccounts, final Supplier<String> origin,
                          final ObjectMapper json) {
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        final List<SandboxAccount> all = new ArrayList<>();
        all.add(new SandboxAccount(SandboxAccount.DEFAULT,
                new SandboxCredentials.Paycc(settings.user(), settings.password(), settings.merchantCode()), null));
        all.addAll(Objects.requireNonNull(moreAccounts, "moreAccounts cannot be null"));
        this.accounts = new SandboxAccounts<>("paycc", all, account -> new ConcurrentHashMap<>());
        this.origin = Objects.requireNonNull(origin, "origin cannot be null");
        this.json = Objects.requireNonNull(json, "json cannot be null");
    }

    @Override
    public String pathPrefix() {
        return PATH_PREFIX;
    }

    @Override
    public void registerRoutes(final RoutesConfig routes) {
        routes.before(API_PREFIX + "/*", this::authenticate);
        routes.post(API_PREFIX + INIT_PATH, this::initKyc);
        routes.get(API_PREFIX + STATUS_PATH + "{kid}", this::kycStatus);
        routes.get(GATEWAY_PREFIX + "/{token}", this::gatewayPage);
        routes.exception(PayccApiException.class, (e, ctx) -> write(ctx, e.httpStatus(),
                PayccJson.Envelope.of(e.code(), e.body(), null)));
    }

    @Override
    public void renderError(final Context ctx, final int status, final String message) {
        final PayccApiException error = PayccApiException.of(status, message);
        write(ctx, status, PayccJson.Envelope.of(error.code(), error.body(), null));
    }

    /** Paycc sends nothing by itself, so there is nothing in flight to stop. */
    @Override
    public void close() {
        // no callbacks
    }

    /**
     * The accounts that hold the KYC of this {@code kid}, or of the hosted page of this token (the
     * last part of its URL, which is all our API shows of a Paycc KYC).
     */
    @Override
    public List<String> accountsHolding(final String id) {
        final String kid = gatewayTokens.getOrDefault(id, id);
        return accounts.namesWhere(kycs -> kycs.containsKey(kid));
    }

    /** HTTP Basic: {@code Authorization: Basic base64(user:password)}, of one of the accounts. */
    private void authenticate(final Context ctx) {
        if (accounts.authenticate(ctx, BasicAuthorization.decode(ctx.header("Authorization"))).isEmpty()) {
            throw PayccApiException.unauthorized();
        }
    }

    /** {@code POST /v1/service/paycc/init/kyc}: a new KYC on every call, with its hosted URL and kid. */
    private void initKyc(final Context ctx) {
        final PayccInitRequest request = PayccInitRequest.parse(json, ctx.bodyAsBytes());
        final SandboxAccounts.Held<Map<String, PayccKyc>> account = accounts.of(ctx);
        final String merchantCode = ((SandboxCredentials.Paycc) account.account().credentials()).merchantCode();
        if (!MessageDigest.isEqual(merchantCode.getBytes(StandardCharsets.UTF_8),
                request.merchantCode().getBytes(StandardCharsets.UTF_8))) {
            throw PayccApiException.merchantNotAllowed();
        }
        final String kid = newKid();
        account.state().put(kid, new PayccKyc(kid, request, settings.pendingPolls(), randomDigits(4)));
        final String token = randomText(10);
        gatewayTokens.put(token, kid);
        LOG.info("paycc: KYC {} started", kid);
        write(ctx, 200, PayccJson.Envelope.of(PayccCode.SUCCESS, "Request Init",
                new PayccJson.Init(origin.get() + GATEWAY_PREFIX + "/" + token, kid)));
    }

    /** {@code GET /v1/service/paycc/kyc/status/{kid}}. */
    private void kycStatus(final Context ctx) {
        // Another account's kid is unknown here, exactly like a kid that never was.
        final PayccKyc kyc = accounts.of(ctx).state().get(ctx.pathParam("kid"));
        if (kyc == null) {
            throw PayccApiException.notFound("No KYC request was found for this kid.");
        }
        final PayccKyc.Answer answer = kyc.poll();
        LOG.info("paycc: status of KYC {} polled: {}", kyc.kid(), answer);
        switch (answer) {
            case PENDING -> write(ctx, 200, PayccJson.Envelope.of(PayccCode.PENDING, "KYC is pending.", null));
            case APPROVED -> write(ctx, 200, PayccJson.Envelope.of(PayccCode.SUCCESS, "KYC completed.",
                    new PayccJson.Done(kyc.record(PHOTO))));
            case FAILED_REJECTED -> write(ctx, 200, PayccJson.Envelope.of(PayccCode.FAILURE,
                    "KYC rejected: the identity could not be verified.", null));
            case FAILED_NOT_COMPLETED -> write(ctx, 200, PayccJson.Envelope.of(PayccCode.FAILURE,
                    "KYC not completed: the customer did not finish the KYC.", null));
            case FAULT -> throw PayccApiException.somethingWentWrong();
            default -> throw new IllegalStateException("unknown answer " + answer);
        }
    }

    /** The page a KYC URL opens: a stand-in for the hosted flow (no credentials, as a browser opens it). */
    private void gatewayPage(final Context ctx) {
        if (!gatewayTokens.containsKey(ctx.pathParam("token"))) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("This KYC link is not known.");
            return;
        }
        ctx.status(200).contentType("text/html; charset=utf-8").result(
                "<!doctype html><html><head><title>Paycc sandbox KYC</title></head><body>"
                        + "<h1>Paycc sandbox KYC</h1>"
                        + "<p>A stand-in for the hosted KYC flow: nothing to fill in. Poll "
                        + "<code>GET " + API_PREFIX + STATUS_PATH + "{kid}</code> for the result.</p>"
                        + "</body></html>");
    }

    /** Like the documented {@code KID240826212813188LXXXXXXXX}: KID, the time to the millisecond, 9 characters. */
    private String newKid() {
        return "KID" + KID_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + randomText(9);
    }

    private String randomText(final int length) {
        final StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return text.toString();
    }

    private String randomDigits(final int length) {
        final StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    private void write(final Context ctx, final int status, final PayccJson.Envelope body) {
        try {
            ctx.status(status).contentType(JSON).result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
