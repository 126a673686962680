package org.kycorchestrator.ingress.webhooks.deliveries;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kycorchestrator.ingress.http.Auth;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.http.JsonBodies;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.webhooks.WebhookEndpointTable;
import org.kycorchestrator.schemas.webhooks.ReplayRequest;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * {@code POST /v1/webhook-endpoints/{id}/replay}: a merchant asks to have an endpoint's dead letters,
 * or every event since a time, sent again. The ask is written to {@code kyc.webhooks.replays} and
 * answered 202 once Kafka has it; the replay jobs do the work. A disabled endpoint may be replayed
 * too: its webhooks wait until it is enabled. Another tenant's endpoint is answered exactly like an
 * unknown one.
 */
public final class ReplayRoutes {

    private final Auth auth;
    private final WebhookEndpointTable endpoints;
    private final ReplayWrites writes;
    private final Clock clock;

    public ReplayRoutes(final Auth auth, final WebhookEndpointTable endpoints, final ReplayWrites writes, final Clock clock) {
        this.auth = Objects.requireNonNull(auth, "auth cannot be null");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
        this.writes = Objects.requireNonNull(writes, "writes cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    public void register(final RoutesConfig routes) {
        routes.post("/v1/webhook-endpoints/{id}/replay", this::replay);
    }

    private void replay(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final WebhookEndpoint endpoint = endpoints.owned(tenant.id(), ctx.pathParam("id"));
        final Instant now = clock.instant();
        final ReplayAsk ask = ReplayAsk.parse(JsonBodies.object(ctx, false), now);
        final ReplayRequest request = ReplayRequest.newBuilder()
                .setReplayId(UUID.randomUUID().toString())
                .setTenantId(tenant.id())
                .setEndpointId(endpoint.getId())
                .setDeadLetters(ask.deadLetters())
                .setSince(ask.since())
                .setRequestedAt(now)
                .build();
        ctx.future(() -> writes.write(endpoint.getId(), request).thenAccept(written -> {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("replayId", request.getReplayId());
            json.put("endpointId", request.getEndpointId());
            json.put("deadLetters", request.getDeadLetters());
            json.put("since", ask.since() == null ? null : ask.since().toString());
            Envelope.success(ctx, 202, json);
        }));
    }
}
