package org.kycorchestrator.workers.grid;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.kycorchestrator.schemas.providers.StatusObserved;

/**
 * Reduces Grid's two views of a customer's KYC, the customer's {@code kycStatus} and the newest
 * verification's {@code verificationStatus} with its typed {@code errors[]}, to one observed status.
 *
 * <ul>
 *   <li>A final or held customer ({@code APPROVED}, {@code REJECTED}, {@code HOLD}) is the answer:
 *       it is what Grid decided about the customer.</li>
 *   <li>Otherwise the newest verification says more ({@code IN_PROGRESS}, {@code RESOLVE_ERRORS},
 *       {@code PENDING_MANUAL_REVIEW}) and is the answer; without one, the {@code kycStatus} is.</li>
 *   <li>The errors of the newest verification explain a failure: every {@code MISSING_*} type is
 *       something to provide ({@code docsMissing}: the field path for {@code MISSING_FIELD}, else
 *       the type without {@code MISSING_}, e.g. {@code IDENTITY_DOCUMENT}); every other type
 *       ({@code POOR_QUALITY_DOCUMENT}, {@code APPLICANT_SANCTIONED}, ...) is a reject label. Their
 *       {@code reason}s, written for people, make the end-user message.</li>
 *   <li>The vendor time is the later of the customer's and the verification's {@code updatedAt}.</li>
 * </ul>
 */
final class GridStatusReading {

    private static final Set<String> CUSTOMER_DECISIONS = Set.of("APPROVED", "REJECTED", "HOLD");
    private static final String MISSING = "MISSING_";

    private GridStatusReading() {
    }

    /**
     * @param customer      the answer of {@code GET /customers/{customerId}}
     * @param verifications the answer of {@code GET /verifications?customerId=}
     */
    static StatusObserved read(final JsonNode customer, final JsonNode verifications) {
        final String kycStatus = text(customer.path("kycStatus"));
        final JsonNode latest = newest(verifications.path("data"));
        final String verificationStatus = latest == null ? null : text(latest.path("verificationStatus"));
        final String status = kycStatus != null && CUSTOMER_DECISIONS.contains(kycStatus) || verificationStatus == null
                ? kycStatus : verificationStatus;

        final List<String> docsMissing = new ArrayList<>();
        final List<String> rejectLabels = new ArrayList<>();
        final Set<String> reasons = new LinkedHashSet<>();
        if (latest != null && !"APPROVED".equals(status)) {
            for (final JsonNode error : latest.path("errors")) {
                final String type = text(error.path("type"));
                if (type == null) {
                    continue;
                }
                if (type.equals(MISSING + "FIELD") && text(error.path("field")) != null) {
                    docsMissing.add(text(error.path("field")));
                } else if (type.startsWith(MISSING)) {
                    docsMissing.add(type.substring(MISSING.length()));
                } else {
                    rejectLabels.add(type);
                }
                if (text(error.path("reason")) != null) {
                    reasons.add(text(error.path("reason")));
                }
            }
        }
        return new StatusObserved(status, GridStatuses.toState(status).orElse(null), docsMissing, rejectLabels,
                reasons.isEmpty() ? null : String.join(" ", reasons),
                later(instant(customer.path("updatedAt")), latest == null ? null : updatedAt(latest)), null);
    }

    /** The verification created last; Grid's docs do not promise an order for the list. */
    private static JsonNode newest(final JsonNode data) {
        JsonNode newest = null;
        Instant newestAt = null;
        for (final JsonNode verification : data) {
            final Instant createdAt = instant(verification.path("createdAt"));
            if (newest == null || createdAt != null && (newestAt == null || createdAt.isAfter(newestAt))) {
                newest = verification;
                newestAt = createdAt;
            }
        }
        return newest;
    }

    private static Instant updatedAt(final JsonNode verification) {
        final Instant updatedAt = instant(verification.path("updatedAt"));
        return updatedAt != null ? updatedAt : instant(verification.path("createdAt"));
    }

    /** An ISO 8601 date-time ({@code 2025-10-03T12:00:00Z}, with or without an offset), or {@code null}. */
    static Instant instant(final JsonNode node) {
        final String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant later(final Instant a, final Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static String text(final JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
