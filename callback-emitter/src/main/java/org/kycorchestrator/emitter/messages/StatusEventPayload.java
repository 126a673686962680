package org.kycorchestrator.emitter.messages;

import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kycorchestrator.schemas.KycStatusEvent;

/**
 * The webhook body of a status event. It carries ids, states and codes, never personal data (the
 * event has none to give).
 *
 * <pre>{"id":..,"type":..,"timestamp":"2024-05-01T10:00:00Z","data":{"tenantId","customerId","from",
 * "to","reasonCodes","vendor","vendorStatus","sequence"}}</pre>
 */
public final class StatusEventPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusEventPayload() {
    }

    public static String json(final KycStatusEvent event) {
        final ObjectNode body = JSON.createObjectNode()
                .put("id", event.getEventId())
                .put("type", event.getType())
                .put("timestamp", DateTimeFormatter.ISO_INSTANT.format(event.getOccurredAt()));
        final ObjectNode data = body.putObject("data")
                .put("tenantId", event.getTenantId())
                .put("customerId", event.getCustomerId())
                .put("from", event.getFrom() == null ? null : event.getFrom().name())
                .put("to", event.getTo().name());
        event.getReasonCodes().forEach(data.putArray("reasonCodes")::add);
        data.put("vendor", event.getVendor() == null ? null : event.getVendor().name())
                .put("vendorStatus", event.getVendorStatus())
                .put("sequence", event.getSequence());
        return body.toString();
    }
}
