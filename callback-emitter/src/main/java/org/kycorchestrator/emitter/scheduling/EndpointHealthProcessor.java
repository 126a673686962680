package org.kycorchestrator.emitter.scheduling;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.schemas.webhooks.EndpointHealth;
import org.kycorchestrator.schemas.webhooks.TenantEvent;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin shell around {@link EndpointHealthRules}, fed every attempt keyed by endpoint id. When an
 * endpoint has failed for too long it forwards the endpoint disabled (for the compacted
 * {@code kyc.webhook-endpoints}, so every instance and the API see it) and a
 * {@value #DISABLED_EVENT} event for its tenant.
 */
final class EndpointHealthProcessor implements Processor<String, WebhookDelivery, String, SpecificRecord> {

    static final String DISABLED_EVENT = "webhook_endpoint.disabled";

    private static final Logger LOG = LoggerFactory.getLogger(EndpointHealthProcessor.class);

    private final EndpointHealthRules rules;
    private final EndpointTable endpoints;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, EndpointHealth> health;

    EndpointHealthProcessor(final EndpointHealthRules rules, final EndpointTable endpoints) {
        this.rules = Objects.requireNonNull(rules, "rules cannot be null");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.health = context.getStateStore(WebhookTopology.HEALTH_STORE);
    }

    @Override
    public void process(final Record<String, WebhookDelivery> record) {
        final String endpointId = record.value().getEndpointId();
        final EndpointHealth before = health.get(endpointId);
        final WebhookEndpoint endpoint = endpoints.find(endpointId).orElse(null);
        final EndpointHealthRules.Step step = rules.apply(before, record.value(), endpoint);
        if (step.health() == null) {
            health.delete(endpointId);
        } else if (!step.health().equals(before)) {
            health.put(endpointId, step.health());
        }
        if (step.disable()) {
            disable(endpoint, before == null ? null : before.getFailingSince());
        }
    }

    private void disable(final WebhookEndpoint endpoint, final Instant failingSince) {
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        final String reason = "every attempt failed since " + (failingSince == null ? now : failingSince);
        LOG.warn("Disabling endpoint {} of tenant {}: {}", endpoint.getId(), endpoint.getTenantId(), reason);
        final WebhookEndpoint disabled = WebhookEndpoint.newBuilder(endpoint).setEnabled(false)
                .setDisabledReason(EndpointHealthRules.REASON).setDisabledAt(now).build();
        // This instance stops at once; the record tells every other instance, and the API.
        endpoints.put(disabled.getId(), disabled);
        context.forward(new Record<>(disabled.getId(), disabled, now.toEpochMilli()));
        context.forward(new Record<>(endpoint.getTenantId(), TenantEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTenantId(endpoint.getTenantId()).setType(DISABLED_EVENT)
                .setOccurredAt(now).setEndpointId(endpoint.getId()).setReason(reason).build(), now.toEpochMilli()));
    }
}
