package org.kycorchestrator.emitter.messages;

import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.webhooks.TenantEvent;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;

/** Makes the webhooks the emitter sends out of the events it reads. */
public final class WebhookMessages {

    /** The header naming the endpoint on a dead-lettered webhook, so a replay can pick one endpoint's letters. */
    public static final String DEAD_LETTER_ENDPOINT_HEADER = "kyc-endpoint-id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookMessages() {
    }

    /** The webhook of a status event; its id, the {@code webhook-id}, is the event id. */
    public static WebhookMessage fromStatus(final KycStatusEvent event) {
        return WebhookMessage.newBuilder()
                .setId(event.getEventId())
                .setTenantId(event.getTenantId())
                .setSubject(event.getCustomerId())
                .setType(event.getType())
                .setSequence(event.getSequence())
                .setOccurredAt(event.getOccurredAt())
                .setPayload(StatusEventPayload.json(event))
                .build();
    }

    /**
     * The webhook of a tenant event, such as an endpoint disabled for failing. Its subject is the
     * tenant id: the tenant's own events are delivered in order too.
     *
     * <pre>{"id":..,"type":"webhook_endpoint.disabled","timestamp":..,"data":{"tenantId","endpointId","reason"}}</pre>
     */
    public static WebhookMessage fromTenantEvent(final TenantEvent event) {
        final ObjectNode body = JSON.createObjectNode()
                .put("id", event.getEventId())
                .put("type", event.getType())
                .put("timestamp", DateTimeFormatter.ISO_INSTANT.format(event.getOccurredAt()));
        body.putObject("data")
                .put("tenantId", event.getTenantId())
                .put("endpointId", event.getEndpointId())
                .put("reason", event.getReason());
        return WebhookMessage.newBuilder()
                .setId(event.getEventId())
                .setTenantId(event.getTenantId())
                .setSubject(event.getTenantId())
                .setType(event.getType())
                .setSequence(0)
                .setOccurredAt(event.getOccurredAt())
                .setPayload(body.toString())
                .build();
    }
}
