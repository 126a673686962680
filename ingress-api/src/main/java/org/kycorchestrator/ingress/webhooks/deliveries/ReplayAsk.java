package org.kycorchestrator.ingress.webhooks.deliveries;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.kycorchestrator.ingress.http.JsonBodies;

/**
 * What a merchant asks to have sent again, read from the replay route's body: the endpoint's dead
 * letters ({@code "deadLetters": true}, only those since {@code since} when given), or every event
 * since {@code since}. {@code since} is kept to the millisecond, as Kafka and Avro keep it.
 */
public record ReplayAsk(boolean deadLetters, Instant since) {

    private static final Set<String> FIELDS = Set.of("deadLetters", "since");

    /** The body's ask; every problem with it is thrown at once as a 400 naming the field. */
    public static ReplayAsk parse(final JsonNode body, final Instant now) {
        final JsonBodies check = new JsonBodies().onlyFields(body, "", FIELDS);
        final Boolean deadLetters = deadLetters(body, check);
        final Instant since = since(body, now, check);
        // Only a well-formed ask for nothing gets this problem; a malformed field has its own.
        if (Boolean.FALSE.equals(deadLetters) && !body.hasNonNull("since")) {
            check.problem("bad_request", "either deadLetters: true or since is required");
        }
        check.throwIfInvalid();
        return new ReplayAsk(deadLetters, since);
    }

    /** The flag; absent is false, and {@code null} means it was not a boolean. */
    private static Boolean deadLetters(final JsonNode body, final JsonBodies check) {
        final JsonNode value = body.get("deadLetters");
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            check.problem("bad_request", "deadLetters must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    private static Instant since(final JsonNode body, final Instant now, final JsonBodies check) {
        final String text = check.optionalText(body, "", "since", 64);
        if (text == null) {
            return null;
        }
        final Instant since;
        try {
            since = Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeException e) {
            check.problem("bad_request", "since must be an ISO-8601 time with a zone, e.g. 2026-11-20T00:00:00Z");
            return null;
        }
        if (since.isAfter(now)) {
            check.problem("bad_request", "since must not be in the future");
            return null;
        }
        return since;
    }
}
