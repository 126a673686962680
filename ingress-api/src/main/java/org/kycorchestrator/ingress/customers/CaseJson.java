package org.kycorchestrator.ingress.customers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.commands.KycCaseView;

/** The JSON a merchant reads for a case and its history. */
final class CaseJson {

    private CaseJson() {
    }

    static Map<String, Object> of(final KycCaseView view) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("customerId", view.getCustomerId());
        json.put("externalId", view.getExternalId());
        json.put("state", view.getState().name());
        json.put("vendor", view.getVendor().name().toLowerCase());
        json.put("vendorStatus", view.getVendorStatus());
        if (view.getLink() != null) {
            final Map<String, Object> link = new LinkedHashMap<>();
            link.put("url", view.getLink().getUrl());
            link.put("expiresAt", view.getLink().getExpiresAt() == null ? null : view.getLink().getExpiresAt().toString());
            json.put("link", link);
        } else {
            json.put("link", null);
        }
        json.put("reasonCodes", view.getReasonCodes());
        json.put("sequence", view.getSequence());
        json.put("createdAt", view.getCreatedAt().toString());
        json.put("updatedAt", view.getUpdatedAt().toString());
        return json;
    }

    static List<Map<String, Object>> events(final KycCaseView view) {
        return view.getHistory().stream().map(CaseJson::event).toList();
    }

    private static Map<String, Object> event(final KycStatusEvent event) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", event.getEventId());
        json.put("type", event.getType());
        json.put("sequence", event.getSequence());
        json.put("from", event.getFrom() == null ? null : event.getFrom().name());
        json.put("to", event.getTo().name());
        json.put("reasonCodes", event.getReasonCodes());
        json.put("vendor", event.getVendor() == null ? null : event.getVendor().name().toLowerCase());
        json.put("vendorStatus", event.getVendorStatus());
        json.put("occurredAt", event.getOccurredAt().toString());
        return json;
    }
}
