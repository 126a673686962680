package org.kycorchestrator.ingress.webhooks.deliveries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;

/**
 * Which of an endpoint's attempts a merchant asks for: the filters (each {@code null} when not
 * given), the page size and where the page starts ({@code null}: at the newest attempt).
 */
public record DeliveryQuery(String customerId, String eventType, DeliveryOutcome outcome, int limit, DeliveryCursor after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private static final int MAX_CUSTOMER_ID_LENGTH = 128;
    private static final Set<String> PARAMETERS = Set.of("customerId", "eventType", "outcome", "limit", "cursor");
    /** Every status event type, and the tenant event sent when an endpoint is disabled for failing. */
    private static final List<String> EVENT_TYPES = java.util.stream.Stream.concat(Arrays.stream(KycState.values())
            .map(state -> "kyc." + state.name().toLowerCase(Locale.ROOT)), java.util.stream.Stream.of("webhook_endpoint.disabled")).toList();
    private static final List<String> OUTCOMES = Arrays.stream(DeliveryOutcome.values())
            .map(DeliveryQuery::outcomeName).toList();

    /** Every attempt, newest first, one default page at a time. */
    public static DeliveryQuery all() {
        return new DeliveryQuery(null, null, null, DEFAULT_LIMIT, null);
    }

    public boolean matches(final WebhookDelivery delivery) {
        return (customerId == null || customerId.equals(delivery.getSubject()))
                && (eventType == null || eventType.equals(delivery.getEventType()))
                && (outcome == null || outcome == delivery.getOutcome());
    }

    /** How an outcome is written in the API: its name in lower case. */
    public static String outcomeName(final DeliveryOutcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the query string, refusing unknown and repeated parameters and every value it cannot
     * use, all at once, as a 400 naming each parameter.
     */
    public static DeliveryQuery parse(final Map<String, List<String>> parameters) {
        final List<ApiError.Problem> problems = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                problems.add(problem(name + " is not a known query parameter"));
            } else if (values.size() > 1) {
                problems.add(problem(name + " may be given only once"));
            } else if (values.isEmpty() || values.get(0).isBlank()) {
                problems.add(problem(name + " must not be empty"));
            }
        });
        if (!problems.isEmpty()) {
            throw new ApiError(400, problems);
        }
        final String customerId = single(parameters, "customerId");
        if (customerId != null && customerId.length() > MAX_CUSTOMER_ID_LENGTH) {
            problems.add(problem("customerId must be at most " + MAX_CUSTOMER_ID_LENGTH + " characters"));
        }
        final String eventType = single(parameters, "eventType");
        if (eventType != null && !EVENT_TYPES.contains(eventType)) {
            problems.add(problem("eventType must be one of " + String.join(", ", EVENT_TYPES)));
        }
        final String outcome = single(parameters, "outcome");
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            problems.add(problem("outcome must be one of " + String.join(", ", OUTCOMES)));
        }
        final Optional<Integer> limit = limit(single(parameters, "limit"));
        if (limit.isEmpty()) {
            problems.add(problem("limit must be a whole number from 1 to " + MAX_LIMIT));
        }
        final String cursor = single(parameters, "cursor");
        final Optional<DeliveryCursor> after = cursor == null ? Optional.empty() : DeliveryCursor.decode(cursor);
        if (cursor != null && after.isEmpty()) {
            problems.add(problem("cursor must be a nextCursor this API answered"));
        }
        if (!problems.isEmpty()) {
            throw new ApiError(400, problems);
        }
        return new DeliveryQuery(customerId, eventType,
                outcome == null ? null : DeliveryOutcome.valueOf(outcome.toUpperCase(Locale.ROOT)),
                limit.orElseThrow(), after.orElse(null));
    }

    private static Optional<Integer> limit(final String text) {
        if (text == null) {
            return Optional.of(DEFAULT_LIMIT);
        }
        try {
            final int limit = Integer.parseInt(text);
            return limit >= 1 && limit <= MAX_LIMIT ? Optional.of(limit) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String single(final Map<String, List<String>> parameters, final String name) {
        final List<String> values = parameters.get(name);
        return values == null ? null : values.get(0);
    }

    private static ApiError.Problem problem(final String message) {
        return new ApiError.Problem("bad_request", message);
    }
}
