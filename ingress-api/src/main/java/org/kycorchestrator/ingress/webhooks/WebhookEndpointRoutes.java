package org.kycorchestrator.ingress.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.http.Auth;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.http.JsonBodies;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.webhooks.AddressPolicy;

/**
 * Manages merchants' webhook endpoints on the compacted {@code kyc.webhook-endpoints} topic, which the
 * callback emitter reads as a table. Each change is a new version of the endpoint (a tombstone for a
 * delete), answered once Kafka acknowledged it. The secret is shown only at creation and rotation.
 * Another tenant's endpoint is answered exactly like an unknown one.
 *
 * <p>Disabling records that the merchant did it, and when. Enabling starts a new period for counting
 * failures ({@code enabledAt}) and, once the endpoint's new version is acknowledged, releases what the
 * scheduler held for it while it was disabled ({@link EndpointReleases}). When the release is not
 * acknowledged the endpoint is enabled all the same and the answer is a 503: enabling it again
 * releases again.
 *
 * <p>Known gaps: two concurrent changes to one endpoint are not detected (the last write wins, based
 * on what this instance had read); a second rotation within the overlap drops the first old secret.
 *
 * <p>Configuration: {@value #OVERLAP_CONFIG} (default 24h), how long the old secret keeps signing
 * after a rotation.
 *
 * <p>A URL whose address is already known to be forbidden by the {@link AddressPolicy} (an IP literal
 * in any spelling, or a wildcard-DNS name embedding one) is refused here; names that need DNS are
 * checked by the emitter each time it connects.
 */
public final class WebhookEndpointRoutes {

    public static final String OVERLAP_CONFIG = "KYC_WEBHOOK_SECRET_OVERLAP";
    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

    /** The {@code disabledReason} of an endpoint its merchant disabled. */
    public static final String DISABLED_BY_MERCHANT = "merchant";

    private static final Set<String> FIELDS = Set.of("url", "eventTypes", "description", "maxInFlight", "ratePerSecond");
    /** Bounds of an endpoint's own limits; null leaves the emitter's defaults. */
    static final int MAX_IN_FLIGHT = 100;
    static final int MAX_RATE_PER_SECOND = 1_000;
    private static final String PATH = "/v1/webhook-endpoints";

    private final Auth auth;
    private final WebhookEndpointTable table;
    private final EndpointWrites writes;
    private final EndpointReleases releases;
    private final Clock clock;
    private final Duration secretOverlap;
    private final AddressPolicy addresses;

    public WebhookEndpointRoutes(final Auth auth, final WebhookEndpointTable table, final EndpointWrites writes,
                                 final EndpointReleases releases, final Clock clock, final Duration secretOverlap,
                                 final AddressPolicy addresses) {
        this.auth = Objects.requireNonNull(auth, "auth cannot be null");
        this.table = Objects.requireNonNull(table, "table cannot be null");
        this.writes = Objects.requireNonNull(writes, "writes cannot be null");
        this.releases = Objects.requireNonNull(releases, "releases cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.addresses = Objects.requireNonNull(addresses, "addresses cannot be null");
        this.secretOverlap = Objects.requireNonNull(secretOverlap, "secretOverlap cannot be null");
        if (secretOverlap.isNegative()) {
            throw new IllegalArgumentException(OVERLAP_CONFIG + " cannot be negative");
        }
    }

    public void register(final RoutesConfig routes) {
        routes.post(PATH, this::create);
        routes.get(PATH, this::list);
        routes.get(PATH + "/{id}", this::get);
        routes.patch(PATH + "/{id}", this::update);
        routes.delete(PATH + "/{id}", this::delete);
        routes.post(PATH + "/{id}/disable", this::disable);
        routes.post(PATH + "/{id}/enable", this::enable);
        routes.post(PATH + "/{id}/rotate", this::rotate);
    }

    private void create(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final JsonNode body = JsonBodies.object(ctx, false);
        final JsonBodies check = new JsonBodies().onlyFields(body, "", FIELDS);
        final String url = checkedUrl(check, check.requiredText(body, "", "url", 2048));
        final List<String> eventTypes = check.optionalTextArray(body, "", "eventTypes", List.of("*"));
        final String description = check.optionalText(body, "", "description", 500);
        final Integer maxInFlight = check.optionalInt(body, "", "maxInFlight", 1, MAX_IN_FLIGHT);
        final Integer ratePerSecond = check.optionalInt(body, "", "ratePerSecond", 1, MAX_RATE_PER_SECOND);
        check.throwIfInvalid();

        final Instant now = now();
        final WebhookEndpoint endpoint = WebhookEndpoint.newBuilder()
                .setId("ep_" + UUID.randomUUID().toString().replace("-", ""))
                .setTenantId(tenant.id())
                .setUrl(url)
                .setEventTypes(eventTypes)
                .setDescription(description)
                .setSecret(WebhookSecrets.generate())
                .setEnabled(true)
                .setCreatedAt(now)
                .setEnabledAt(now)
                .setMaxInFlight(maxInFlight)
                .setRatePerSecond(ratePerSecond)
                .build();
        publishAndAnswer(ctx, 201, endpoint, true);
    }

    private void list(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        Envelope.success(ctx, 200, table.list(tenant.id()).stream().map(e -> json(e, false)).toList());
    }

    private void get(final Context ctx) {
        Envelope.success(ctx, 200, json(owned(ctx, auth.tenant(ctx)), false));
    }

    private void update(final Context ctx) {
        final WebhookEndpoint current = owned(ctx, auth.tenant(ctx));
        final JsonNode body = JsonBodies.object(ctx, false);
        final JsonBodies check = new JsonBodies().onlyFields(body, "", FIELDS);
        if (body.isEmpty()) {
            check.problem("bad_request", "at least one of url, eventTypes, description, maxInFlight, ratePerSecond is required");
        }
        final WebhookEndpoint.Builder changed = WebhookEndpoint.newBuilder(current);
        if (body.has("url")) {
            final String url = checkedUrl(check, check.requiredText(body, "", "url", 2048));
            // A refused url is null; the update is then refused below, so the current one may stay.
            changed.setUrl(url == null ? current.getUrl() : url);
        }
        if (body.has("eventTypes")) {
            if (body.get("eventTypes").isNull()) {
                check.problem("bad_request", "eventTypes must be a non-empty array of strings");
            }
            changed.setEventTypes(check.optionalTextArray(body, "", "eventTypes", current.getEventTypes()));
        }
        if (body.has("description")) {
            // An explicit null clears the description.
            changed.setDescription(check.optionalText(body, "", "description", 500));
        }
        // An explicit null goes back to the emitter's default.
        if (body.has("maxInFlight")) {
            changed.setMaxInFlight(check.optionalInt(body, "", "maxInFlight", 1, MAX_IN_FLIGHT));
        }
        if (body.has("ratePerSecond")) {
            changed.setRatePerSecond(check.optionalInt(body, "", "ratePerSecond", 1, MAX_RATE_PER_SECOND));
        }
        check.throwIfInvalid();
        publishAndAnswer(ctx, 200, changed.build(), false);
    }

    private void disable(final Context ctx) {
        final WebhookEndpoint current = owned(ctx, auth.tenant(ctx));
        publishAndAnswer(ctx, 200, WebhookEndpoint.newBuilder(current)
                .setEnabled(false)
                .setDisabledReason(DISABLED_BY_MERCHANT)
                .setDisabledAt(now())
                .build(), false);
    }

    private void enable(final Context ctx) {
        final WebhookEndpoint current = owned(ctx, auth.tenant(ctx));
        final WebhookEndpoint enabled = WebhookEndpoint.newBuilder(current)
                .setEnabled(true)
                .setEnabledAt(now())
                .setDisabledReason(null)
                .setDisabledAt(null)
                .build();
        // Async: the acknowledgement arrives on the producer's own thread, which must not wait for
        // the requests topic's metadata.
        ctx.future(() -> writes.write(enabled.getId(), enabled)
                .thenComposeAsync(written -> {
                    table.put(enabled.getId(), enabled);
                    return releases.release(enabled.getId()).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                            ApiError.serviceUnavailable("the endpoint is enabled, but Kafka did not acknowledge the release "
                                    + "of the webhooks held for it; enable it again")));
                })
                .thenAccept(released -> Envelope.success(ctx, 200, json(enabled, false))));
    }

    private void rotate(final Context ctx) {
        final WebhookEndpoint current = owned(ctx, auth.tenant(ctx));
        final WebhookEndpoint rotated = WebhookEndpoint.newBuilder(current)
                .setSecret(WebhookSecrets.generate())
                .setPreviousSecret(current.getSecret())
                .setPreviousSecretExpiresAt(now().plus(secretOverlap))
                .build();
        publishAndAnswer(ctx, 200, rotated, true);
    }

    private void delete(final Context ctx) {
        final WebhookEndpoint current = owned(ctx, auth.tenant(ctx));
        ctx.future(() -> writes.write(current.getId(), null).thenAccept(written -> {
            table.put(current.getId(), null);
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", current.getId());
            json.put("deleted", true);
            Envelope.success(ctx, 200, json);
        }));
    }

    /** The tenant's endpoint named in the path; unknown and foreign ones get the same 404. */
    private WebhookEndpoint owned(final Context ctx, final Tenant tenant) {
        return table.owned(tenant.id(), ctx.pathParam("id"));
    }

    private void publishAndAnswer(final Context ctx, final int status, final WebhookEndpoint endpoint, final boolean showSecret) {
        ctx.future(() -> writes.write(endpoint.getId(), endpoint).thenAccept(written -> {
            table.put(endpoint.getId(), endpoint);
            Envelope.success(ctx, status, json(endpoint, showSecret));
        }));
    }

    private static Map<String, Object> json(final WebhookEndpoint endpoint, final boolean showSecret) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", endpoint.getId());
        json.put("url", endpoint.getUrl());
        json.put("eventTypes", endpoint.getEventTypes());
        json.put("description", endpoint.getDescription());
        json.put("maxInFlight", endpoint.getMaxInFlight());
        json.put("ratePerSecond", endpoint.getRatePerSecond());
        json.put("enabled", endpoint.getEnabled());
        json.put("disabledReason", endpoint.getDisabledReason());
        json.put("disabledAt", endpoint.getDisabledAt() == null ? null : endpoint.getDisabledAt().toString());
        if (showSecret) {
            json.put("secret", endpoint.getSecret());
        }
        if (endpoint.getPreviousSecretExpiresAt() != null) {
            json.put("previousSecretExpiresAt", endpoint.getPreviousSecretExpiresAt().toString());
        }
        json.put("createdAt", endpoint.getCreatedAt().toString());
        return json;
    }

    /** The time to record, to the millisecond as Avro keeps it, so the answer shows what other instances will read. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String checkedUrl(final JsonBodies check, final String url) {
        if (url != null) {
            addresses.refusal(url).ifPresent(reason ->
                    check.problem("bad_request", "url " + reason + (reason.startsWith("names ") ? ", which webhooks may not reach" : "")));
        }
        return url;
    }
}
