package org.kycorchestrator.workers.vendors;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A vendor's {@code Retry-After} header, in seconds or as an HTTP date; null when absent or unreadable. */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Duration of(final HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(RetryAfter::parse).orElse(null);
    }

    static Duration parse(final String value) {
        final String text = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
        } catch (NumberFormatException notSeconds) {
            try {
                final Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                final Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
