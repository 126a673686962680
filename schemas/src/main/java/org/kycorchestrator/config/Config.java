package org.kycorchestrator.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration by environment variable (docs/configuration.md lists them all). Values can be
 * overridden, which is how tests and the all-in-one app wire components to each other.
 */
public final class Config {

    private final Map<String, String> values;

    private Config(final Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Config fromEnvironment() {
        return new Config(System.getenv());
    }

    public static Config of(final Map<String, String> values) {
        return new Config(values);
    }

    /** A copy with {@code name} set to {@code value}. */
    public Config with(final String name, final String value) {
        final Map<String, String> copy = new HashMap<>(values);
        copy.put(Objects.requireNonNull(name, "name cannot be null"), Objects.requireNonNull(value, "value cannot be null"));
        return new Config(copy);
    }

    public Optional<String> find(final String name) {
        final String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String get(final String name, final String defaultValue) {
        return find(name).orElse(defaultValue);
    }

    public String require(final String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(name + " must be set"));
    }

    public int getInt(final String name, final int defaultValue) {
        return find(name).map(v -> parse(name, v, Integer::parseInt)).orElse(defaultValue);
    }

    public long getLong(final String name, final long defaultValue) {
        return find(name).map(v -> parse(name, v, Long::parseLong)).orElse(defaultValue);
    }

    /** Durations are written like {@code 500ms}, {@code 5s}, {@code 5m}, {@code 2h} or {@code 1d}. */
    public Duration getDuration(final String name, final Duration defaultValue) {
        return find(name).map(v -> parse(name, v, Config::parseDuration)).orElse(defaultValue);
    }

    public static Duration parseDuration(final String text) {
        final String value = text.trim().toLowerCase();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        final long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown unit in duration " + text);
        };
    }

    private static <T> T parse(final String name, final String value, final java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " has an invalid value: " + value, e);
        }
    }
}
