package org.kycorchestrator.ingress.webhooks.deliveries;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

import org.kycorchestrator.schemas.webhooks.WebhookDelivery;

/**
 * A place in an endpoint's delivery log, which is ordered newest first (by attempt time, then by
 * attempt id so that attempts of the same millisecond keep one order). A page's {@code nextCursor}
 * is the place of its last attempt, and the next page starts right after it; attempts logged
 * meanwhile are newer and so do not shift the pages. Merchants see it as an opaque string.
 */
public record DeliveryCursor(Instant attemptedAt, String attemptId) implements Comparable<DeliveryCursor> {

    private static final Comparator<DeliveryCursor> NEWEST_FIRST = Comparator.comparing(DeliveryCursor::attemptedAt)
            .thenComparing(DeliveryCursor::attemptId)
            .reversed();
    private static final String VERSION = "1:";

    public DeliveryCursor {
        Objects.requireNonNull(attemptedAt, "attemptedAt cannot be null");
        Objects.requireNonNull(attemptId, "attemptId cannot be null");
    }

    public static DeliveryCursor of(final WebhookDelivery delivery) {
        return new DeliveryCursor(delivery.getAttemptedAt(), delivery.getAttemptId());
    }

    /** Newer places sort first. */
    @Override
    public int compareTo(final DeliveryCursor other) {
        return NEWEST_FIRST.compare(this, other);
    }

    public String encode() {
        final String plain = VERSION + attemptedAt.toEpochMilli() + ":" + attemptId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The place a cursor names; empty for anything this API did not hand out. */
    public static Optional<DeliveryCursor> decode(final String cursor) {
        try {
            final String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!plain.startsWith(VERSION)) {
                return Optional.empty();
            }
            final int split = plain.indexOf(':', VERSION.length());
            if (split < 0 || split == plain.length() - 1) {
                return Optional.empty();
            }
            final long millis = Long.parseLong(plain.substring(VERSION.length(), split));
            return Optional.of(new DeliveryCursor(Instant.ofEpochMilli(millis), plain.substring(split + 1)));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
