package org.kycorchestrator.ingress.formats;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;
import java.util.Optional;

/**
 * A date of birth: an ISO 8601 calendar date ({@code yyyy-MM-dd}, a real day of the calendar), not
 * in the future and not before 1900. "The future" starts after today in the earliest time zone
 * (UTC+14), so a customer born today anywhere on Earth is accepted.
 */
public final class BirthDate implements FieldFormat {

    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final ZoneOffset EARLIEST_ZONE = ZoneOffset.ofHours(14);

    private final Clock clock;

    public BirthDate(final Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    @Override
    public Optional<String> problem(final String value) {
        final LocalDate date;
        try {
            date = LocalDate.parse(value, ISO_DATE);
        } catch (DateTimeParseException e) {
            return Optional.of("must be an ISO 8601 date, yyyy-MM-dd, e.g. 1990-12-31");
        }
        if (date.isAfter(LocalDate.now(clock.withZone(EARLIEST_ZONE)))) {
            return Optional.of("must not be in the future");
        }
        if (date.isBefore(EARLIEST)) {
            return Optional.of("must not be before 1900-01-01");
        }
        return Optional.empty();
    }
}
