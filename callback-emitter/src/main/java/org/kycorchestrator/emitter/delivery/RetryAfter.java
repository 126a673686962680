package org.kycorchestrator.emitter.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apache.hc.client5.http.utils.DateUtils;

/**
 * Reads a {@code Retry-After} header (RFC 9110, 10.2.3): a number of seconds or an HTTP date. Only
 * a 429 or a 503 is asked for one. A wait longer than {@link #MAX} is cut to it, so an endpoint
 * cannot park a delivery for days; a date in the past asks for no wait.
 */
final class RetryAfter {

    /** The longest wait an endpoint may ask for. */
    static final Duration MAX = Duration.ofHours(10);

    private RetryAfter() {
    }

    static boolean appliesTo(final int statusCode) {
        return statusCode == 429 || statusCode == 503;
    }

    /** The wait the header asks for, or nothing if there is no header or it cannot be read. */
    static Optional<Duration> parse(final String value, final Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        final String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            // More digits than a long holds is still "very long", not unreadable.
            return Optional.of(text.length() > 12 ? MAX : cap(Duration.ofSeconds(Long.parseLong(text))));
        }
        final Instant at = DateUtils.parseStandardDate(text);
        if (at == null) {
            return Optional.empty();
        }
        final Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : cap(wait));
    }

    private static Duration cap(final Duration wait) {
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
