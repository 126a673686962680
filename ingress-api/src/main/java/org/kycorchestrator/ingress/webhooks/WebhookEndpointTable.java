package org.kycorchestrator.ingress.webhooks;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * The webhook endpoints as this ingress instance last saw them: fed from {@code kyc.webhook-endpoints}
 * by a follower, and by the routes' own writes once Kafka acknowledged them, so a merchant reads what
 * they just wrote. Lookups take the tenant, so another tenant's endpoint is simply not there.
 */
public final class WebhookEndpointTable {

    private final Map<String, WebhookEndpoint> endpoints = new ConcurrentHashMap<>();

    /** Records the endpoint's latest version; {@code null} (a tombstone) removes it. */
    public void put(final String endpointId, final WebhookEndpoint endpoint) {
        if (endpointId == null) {
            return;
        }
        if (endpoint == null) {
            endpoints.remove(endpointId);
        } else {
            endpoints.put(endpointId, endpoint);
        }
    }

    public Optional<WebhookEndpoint> find(final String tenantId, final String endpointId) {
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        return Optional.ofNullable(endpointId == null ? null : endpoints.get(endpointId))
                .filter(endpoint -> tenantId.equals(endpoint.getTenantId()));
    }

    /** The tenant's endpoint; an unknown one and another tenant's get the same 404. */
    public WebhookEndpoint owned(final String tenantId, final String endpointId) {
        return find(tenantId, endpointId).orElseThrow(() -> ApiError.notFound("there is no webhook endpoint with this id"));
    }

    /** The tenant's endpoints, oldest first. */
    public List<WebhookEndpoint> list(final String tenantId) {
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        return endpoints.values().stream()
                .filter(endpoint -> tenantId.equals(endpoint.getTenantId()))
                .sorted(Comparator.comparing(WebhookEndpoint::getCreatedAt).thenComparing(WebhookEndpoint::getId))
                .toList();
    }
}
