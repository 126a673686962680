package org.kycorchestrator.ingress.customers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kycorchestrator.schemas.DocumentRef;
import org.kycorchestrator.schemas.IgnoredResult;
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
        json.put("vendor", vendor(view.getVendor()));
        json.put("vendorStatus", view.getVendorStatus());
        json.put("link", view.getLink() == null ? null : link(view));
        json.put("reasonCodes", view.getReasonCodes());
        json.put("docsMissing", view.getDocsMissing());
        json.put("rejectLabels", view.getRejectLabels());
        json.put("endUserMessage", view.getEndUserMessage());
        json.put("applicantCreated", view.getApplicantCreated());
        json.put("documents", view.getDocuments().stream().map(CaseJson::document).toList());
        json.put("agreementsAccepted", view.getAgreementsAccepted());
        json.put("attempts", view.getAttempts());
        json.put("generation", view.getGeneration());
        json.put("sequence", view.getSequence());
        json.put("createdAt", view.getCreatedAt().toString());
        json.put("updatedAt", view.getUpdatedAt().toString());
        return json;
    }

    /** Every status event and every ignored vendor result, in order. */
    static List<Map<String, Object>> history(final KycCaseView view) {
        return view.getHistory().stream().map(entry -> entry instanceof KycStatusEvent event ? event(event)
                : ignored((IgnoredResult) entry)).toList();
    }

    private static Map<String, Object> link(final KycCaseView view) {
        final Map<String, Object> link = new LinkedHashMap<>();
        link.put("url", view.getLink().getUrl());
        link.put("expiresAt", view.getLink().getExpiresAt() == null ? null : view.getLink().getExpiresAt().toString());
        link.put("expired", view.getLinkExpired());
        return link;
    }

    private static Map<String, Object> document(final DocumentRef document) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("documentId", document.getDocumentId());
        json.put("docType", document.getDocType());
        json.put("side", document.getSide());
        json.put("sha256", document.getSha256());
        json.put("size", document.getSize());
        return json;
    }

    private static Map<String, Object> event(final KycStatusEvent event) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "event");
        json.put("eventId", event.getEventId());
        json.put("type", event.getType());
        json.put("sequence", event.getSequence());
        json.put("from", event.getFrom() == null ? null : event.getFrom().name());
        json.put("to", event.getTo().name());
        json.put("reasonCodes", event.getReasonCodes());
        json.put("vendor", vendor(event.getVendor()));
        json.put("vendorStatus", event.getVendorStatus());
        json.put("occurredAt", event.getOccurredAt().toString());
        return json;
    }

    private static Map<String, Object> ignored(final IgnoredResult ignored) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "ignored_vendor_result");
        json.put("resultId", ignored.getResultId());
        json.put("vendor", vendor(ignored.getVendor()));
        json.put("vendorStatus", ignored.getVendorStatus());
        json.put("observedAt", ignored.getObservedAt().toString());
        json.put("reason", ignored.getReason());
        return json;
    }

    private static String vendor(final Enum<?> vendor) {
        return vendor == null ? null : vendor.name().toLowerCase(Locale.ROOT);
    }
}
