package org.kycorchestrator.ingress.webhooks.deliveries;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.http.Auth;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.webhooks.WebhookEndpointTable;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;

/**
 * {@code GET /v1/webhook-endpoints/{id}/deliveries}: the attempts made to one of the tenant's
 * endpoints, newest first, filtered by customer, event type and outcome, a page at a time. Another
 * tenant's endpoint is answered exactly like an unknown one. Until this instance has read the
 * delivery log to where it stood at start-up, the answer is a 503 rather than a log with holes.
 */
public final class DeliveryRoutes {

    private final Auth auth;
    private final WebhookEndpointTable endpoints;
    private final DeliveryLog log;
    private final BooleanSupplier logCaughtUp;

    public DeliveryRoutes(final Auth auth, final WebhookEndpointTable endpoints, final DeliveryLog log,
                          final BooleanSupplier logCaughtUp) {
        this.auth = Objects.requireNonNull(auth, "auth cannot be null");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
        this.log = Objects.requireNonNull(log, "log cannot be null");
        this.logCaughtUp = Objects.requireNonNull(logCaughtUp, "logCaughtUp cannot be null");
    }

    public void register(final RoutesConfig routes) {
        routes.get("/v1/webhook-endpoints/{id}/deliveries", this::list);
    }

    private void list(final Context ctx) {
        final String endpointId = endpoints.owned(auth.tenant(ctx).id(), ctx.pathParam("id")).getId();
        final DeliveryQuery query = DeliveryQuery.parse(ctx.queryParamMap());
        if (!logCaughtUp.getAsBoolean()) {
            throw ApiError.serviceUnavailable("the delivery log is still being read; try again");
        }
        final DeliveryPage page = log.page(endpointId, query);
        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("items", page.attempts().stream().map(DeliveryRoutes::json).toList());
        data.put("nextCursor", page.next().map(DeliveryCursor::encode).orElse(null));
        Envelope.success(ctx, 200, data);
    }

    private static Map<String, Object> json(final WebhookDelivery delivery) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("attemptId", delivery.getAttemptId());
        json.put("webhookId", delivery.getMessageId());
        json.put("eventType", delivery.getEventType());
        json.put("customerId", delivery.getSubject());
        json.put("attempt", delivery.getAttempt());
        json.put("attemptedAt", delivery.getAttemptedAt().toString());
        json.put("outcome", DeliveryQuery.outcomeName(delivery.getOutcome()));
        json.put("statusCode", delivery.getStatusCode());
        json.put("latencyMs", delivery.getLatencyMillis());
        json.put("error", delivery.getError());
        json.put("responseBody", delivery.getResponseBody());
        return json;
    }
}
