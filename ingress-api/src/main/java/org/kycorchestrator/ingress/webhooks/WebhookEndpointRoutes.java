package org.kycorchestrator.ingress.webhooks;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kycorchestrator.ingress.http.Auth;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.http.JsonBodies;
import org.kycorchestrator.ingress.kafka.Publisher;
import org.kycorchestrator.ingress.tenants.Tenant;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.webhooks.AddressPolicy;

/**
 * Registers merchants' webhook endpoints on the compacted {@code kyc.webhook-endpoints} topic,
 * which the callback emitter reads as a table. The secret is shown once, in the answer.
 *
 * <p>A URL whose address is already known to be forbidden by the {@link AddressPolicy} (an IP literal
 * in any spelling, or a wildcard-DNS name embedding one) is refused here; names that need DNS are
 * checked by the emitter each time it connects.
 */
public final class WebhookEndpointRoutes {

    private static final Set<String> FIELDS = Set.of("url", "eventTypes", "description");

    private final Auth auth;
    private final KycTopics topics;
    private final Publisher publisher;
    private final Clock clock;
    private final AddressPolicy addresses;

    public WebhookEndpointRoutes(final Auth auth, final KycTopics topics, final Publisher publisher, final Clock clock,
            final AddressPolicy addresses) {
        this.auth = Objects.requireNonNull(auth, "auth cannot be null");
        this.topics = Objects.requireNonNull(topics, "topics cannot be null");
        this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.addresses = Objects.requireNonNull(addresses, "addresses cannot be null");
    }

    public void register(final RoutesConfig routes) {
        routes.post("/v1/webhook-endpoints", this::create);
    }

    private void create(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final JsonNode body = JsonBodies.object(ctx, false);
        final JsonBodies check = new JsonBodies().onlyFields(body, "", FIELDS);
        final String url = check.requiredText(body, "", "url", 2048);
        final Optional<String> refusal = url == null ? Optional.empty() : addresses.refusal(url);
        refusal.ifPresent(reason -> check.problem("bad_request", "url " + reason + (reason.startsWith("names ") ? ", which webhooks may not reach" : "")));
        final List<String> eventTypes = check.optionalTextArray(body, "", "eventTypes", List.of("*"));
        final String description = check.optionalText(body, "", "description", 500);
        check.throwIfInvalid();

        final WebhookEndpoint endpoint = WebhookEndpoint.newBuilder()
                .setId("ep_" + UUID.randomUUID().toString().replace("-", ""))
                .setTenantId(tenant.id())
                .setUrl(url)
                .setEventTypes(eventTypes)
                .setDescription(description)
                .setSecret(WebhookSecrets.generate())
                .setEnabled(true)
                .setCreatedAt(clock.instant())
                .build();
        ctx.future(() -> publisher.publish(topics.webhookEndpoints(), endpoint.getId(), endpoint)
                .thenAccept(published -> Envelope.success(ctx, 201, json(endpoint))));
    }

    private static Map<String, Object> json(final WebhookEndpoint endpoint) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", endpoint.getId());
        json.put("url", endpoint.getUrl());
        json.put("eventTypes", endpoint.getEventTypes());
        json.put("description", endpoint.getDescription());
        json.put("enabled", endpoint.getEnabled());
        json.put("secret", endpoint.getSecret());
        json.put("createdAt", endpoint.getCreatedAt().toString());
        return json;
    }
}
