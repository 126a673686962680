package org.kycorchestrator.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reading the simulated vendors' settings from environment variables, once for all of them: a
 * blank variable counts as unset, and a bad value stops the start with the variable's name.
 */
public final class SettingsValues {

    private SettingsValues() {
    }

    public static String find(final Map<String, String> env, final String name) {
        final String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public static String orDefault(final String value, final String defaultValue) {
        return value == null ? defaultValue : value;
    }

    public static <T> T parse(final String name, final String value, final Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " has an invalid value: " + value, e);
        }
    }

    /** Durations are written like {@code 200ms}, {@code 2s}, {@code 5m}, {@code 1h} or {@code 1d}. */
    public static Duration parseDuration(final String text) {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.length() < 2) {
            throw new IllegalArgumentException("a duration needs an amount and a unit (ms, s, m, h, d): " + text);
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

    public static void requireText(final String value, final String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " cannot be blank");
        }
    }

    public static String requireHttpUrl(final String url, final String name) {
        final URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a valid URL: " + url, e);
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL: " + url);
        }
        return url;
    }
}
