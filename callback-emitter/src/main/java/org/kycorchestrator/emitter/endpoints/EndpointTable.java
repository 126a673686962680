package org.kycorchestrator.emitter.endpoints;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * The merchants' webhook endpoints as last written to {@code kyc.webhook-endpoints}, by endpoint id.
 * One thread ({@link EndpointTableReader}) writes it; any thread reads it.
 *
 * <p>Matching scans every endpoint. That is fine for the handful of endpoints a tenant has; an index
 * by tenant can come when the numbers ask for it.
 */
public final class EndpointTable {

    /** In {@code eventTypes}, subscribes to every event type. */
    public static final String ALL_EVENTS = "*";

    private final Map<String, WebhookEndpoint> endpoints = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    /** Records the endpoint's latest version; {@code null} means it was deleted. */
    public void put(final String endpointId, final WebhookEndpoint endpoint) {
        Objects.requireNonNull(endpointId, "endpointId cannot be null");
        if (endpoint == null) {
            endpoints.remove(endpointId);
        } else {
            endpoints.put(endpointId, endpoint);
        }
    }

    public Optional<WebhookEndpoint> find(final String endpointId) {
        return Optional.ofNullable(endpoints.get(endpointId));
    }

    /** Enabled endpoints of this tenant that subscribed to this event type (or to every type). */
    public List<WebhookEndpoint> subscribers(final String tenantId, final String eventType) {
        return subscribedTo(tenantId, eventType).stream().filter(WebhookEndpoint::getEnabled).toList();
    }

    /**
     * Every endpoint of this tenant subscribed to this event type, disabled ones included: their
     * webhooks are kept for when they are enabled again.
     */
    public List<WebhookEndpoint> subscribedTo(final String tenantId, final String eventType) {
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(eventType, "eventType cannot be null");
        return endpoints.values().stream().filter(e -> subscribes(e, tenantId, eventType)).toList();
    }

    /** Whether the endpoint belongs to the tenant and subscribed to the event type (enabled or not). */
    public static boolean subscribes(final WebhookEndpoint endpoint, final String tenantId, final String eventType) {
        return tenantId.equals(endpoint.getTenantId())
                && (endpoint.getEventTypes().contains(ALL_EVENTS) || endpoint.getEventTypes().contains(eventType));
    }

    /** Called once the table holds everything that was on the topic when reading began. */
    public void markCaughtUp() {
        caughtUp.countDown();
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Waits until the table caught up, or the timeout passed; answers whether it caught up. */
    public boolean awaitCaughtUp(final Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
