package org.kycorchestrator.emitter.sending;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.Producer;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disables an endpoint that answered 410 Gone: writes its latest record again to the compacted
 * {@code kyc.webhook-endpoints}, with {@code enabled=false}, {@code disabledReason="gone"} and when,
 * so every instance (and the API, which shows it) stops using it. The merchant enables it again
 * through the API.
 *
 * <p>Only the endpoint as it was sent to is disabled: if the merchant changed its URL or deleted it
 * meanwhile, the 410 came from an address it no longer names, and nothing is written. The local table
 * is updated at once too, so this instance stops before the record comes back.
 */
final class EndpointDisabler {

    static final String GONE = "gone";

    private static final Logger LOG = LoggerFactory.getLogger(EndpointDisabler.class);

    private final Topic<WebhookEndpoint> topic;
    private final EndpointTable endpoints;
    private final Producer<byte[], byte[]> producer;

    EndpointDisabler(final Topic<WebhookEndpoint> topic, final EndpointTable endpoints, final Producer<byte[], byte[]> producer) {
        this.topic = Objects.requireNonNull(topic, "topic cannot be null");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
        this.producer = Objects.requireNonNull(producer, "producer cannot be null");
    }

    /** Completes once the broker has the disabled record, or at once if there is nothing to disable. */
    CompletableFuture<Void> disableGone(final WebhookEndpoint sentTo, final Instant now) {
        final WebhookEndpoint current = endpoints.find(sentTo.getId()).orElse(null);
        if (current == null || !current.getEnabled() || !current.getUrl().equals(sentTo.getUrl())) {
            return CompletableFuture.completedFuture(null);
        }
        final WebhookEndpoint disabled = WebhookEndpoint.newBuilder(current)
                .setEnabled(false)
                .setDisabledReason(GONE)
                .setDisabledAt(now)
                .build();
        endpoints.put(disabled.getId(), disabled);
        LOG.warn("Endpoint {} of tenant {} answered 410 Gone; disabling it", disabled.getId(), disabled.getTenantId());
        return Acknowledged.write(producer, topic, disabled.getId(), disabled);
    }
}
