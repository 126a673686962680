package org.kycorchestrator.ingress.webhooks.deliveries;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.kycorchestrator.schemas.webhooks.WebhookDelivery;

/**
 * The attempts of every endpoint as read from {@code kyc.webhooks.deliveries}, newest first, for the
 * delivery log route. Every API instance reads the whole topic, so any instance answers.
 *
 * <p>Bounded: at most {@value #LIMIT_CONFIG} (default {@value #DEFAULT_LIMIT}) attempts per endpoint,
 * the newest; an older one is forgotten when a newer one arrives, and one older than all kept ones of
 * a full log is not kept at all. An attempt logged twice (the same attempt id and time) is kept once.
 * Attempts of deleted endpoints stay until the process restarts, or, after a restart, until they
 * have left the topic's retention.
 */
public final class DeliveryLog {

    public static final String LIMIT_CONFIG = "KYC_WEBHOOK_DELIVERY_LOG_LIMIT";
    public static final int DEFAULT_LIMIT = 10_000;

    private final int perEndpoint;
    private final Map<String, EndpointAttempts> byEndpoint = new ConcurrentHashMap<>();

    public DeliveryLog(final int perEndpoint) {
        if (perEndpoint < 1) {
            throw new IllegalArgumentException(LIMIT_CONFIG + " must be at least 1");
        }
        this.perEndpoint = perEndpoint;
    }

    /** Logs one attempt; safe to call from the topic's reader while routes read. */
    public void record(final WebhookDelivery delivery) {
        Objects.requireNonNull(delivery, "delivery cannot be null");
        byEndpoint.computeIfAbsent(delivery.getEndpointId(), id -> new EndpointAttempts(perEndpoint)).add(delivery);
    }

    /** One page of the endpoint's attempts that the query matches, newest first. */
    public DeliveryPage page(final String endpointId, final DeliveryQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        final EndpointAttempts attempts = byEndpoint.get(endpointId);
        return attempts == null ? new DeliveryPage(List.of(), Optional.empty()) : attempts.page(query);
    }

    /** One endpoint's newest attempts; one lock per endpoint, so endpoints do not wait for each other. */
    private static final class EndpointAttempts {

        private final int limit;
        private final NavigableMap<DeliveryCursor, WebhookDelivery> newestFirst = new TreeMap<>();

        EndpointAttempts(final int limit) {
            this.limit = limit;
        }

        synchronized void add(final WebhookDelivery delivery) {
            newestFirst.put(DeliveryCursor.of(delivery), delivery);
            if (newestFirst.size() > limit) {
                newestFirst.pollLastEntry();
            }
        }

        synchronized DeliveryPage page(final DeliveryQuery query) {
            final Iterable<WebhookDelivery> candidates = query.after() == null
                    ? newestFirst.values()
                    : newestFirst.tailMap(query.after(), false).values();
            final List<WebhookDelivery> page = new ArrayList<>();
            for (WebhookDelivery delivery : candidates) {
                if (!query.matches(delivery)) {
                    continue;
                }
                if (page.size() == query.limit()) {
                    // One more match exists, so there is a next page, starting after the last one shown.
                    return new DeliveryPage(page, Optional.of(DeliveryCursor.of(page.get(page.size() - 1))));
                }
                page.add(delivery);
            }
            return new DeliveryPage(page, Optional.empty());
        }
    }
}
