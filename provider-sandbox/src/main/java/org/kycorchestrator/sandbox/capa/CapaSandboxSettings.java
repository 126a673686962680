package org.kycorchestrator.sandbox.capa;

import static org.kycorchestrator.sandbox.SettingsValues.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the simulated Capa runs: the partner API key it expects, the secret it signs its webhooks
 * with, where and when it delivers them, and how long a submitted KYC takes to be decided.
 *
 * @param apiKey          the {@code partner-api-key} every API call must carry
 * @param webhookSecret   the secret behind the {@code capa-signature} of each webhook
 * @param webhookUrl      where KYC webhooks are POSTed; {@code null} sends none
 * @param decisionDelay   the time from a submitted hosted session to its verdict
 * @param webhookSchedule the wait before each delivery attempt, counted from the previous failed
 *                        one (the first from the event); its length is the number of attempts.
 *                        Capa's is at once, 1, 5, 10 and 15 minutes
 */
public record CapaSandboxSettings(String apiKey,
                                  String webhookSecret,
                                  String webhookUrl,
                                  Duration decisionDelay,
                                  List<Duration> webhookSchedule) {

    public static final String API_KEY = "KYC_PROVIDER_CAPA_API_KEY";
    public static final String WEBHOOK_SECRET = "KYC_PROVIDER_CAPA_WEBHOOK_SECRET";
    public static final String WEBHOOK_URL = "KYC_SANDBOX_CAPA_WEBHOOK_URL";
    public static final String DECISION_DELAY = "KYC_SANDBOX_CAPA_DECISION_DELAY";
    public static final String WEBHOOK_SCHEDULE = "KYC_SANDBOX_CAPA_WEBHOOK_SCHEDULE";

    public static final String DEFAULT_API_KEY = "sandbox-capa-key";
    public static final String DEFAULT_WEBHOOK_SECRET = "sandbox-capa-webhook-secret";
    public static final Duration DEFAULT_DECISION_DELAY = Duration.ofMillis(200);
    /** Capa's documented delivery: 5 attempts, at once and then after 1, 5, 10 and 15 minutes. */
    public static final List<Duration> DEFAULT_WEBHOOK_SCHEDULE = List.of(Duration.ZERO, Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15));

    public CapaSandboxSettings {
        requireText(apiKey, "apiKey");
        requireText(webhookSecret, "webhookSecret");
        if (webhookUrl != null) {
            requireHttpUrl(webhookUrl, "webhookUrl");
        }
        Objects.requireNonNull(decisionDelay, "decisionDelay cannot be null");
        if (decisionDelay.isNegative()) {
            throw new IllegalArgumentException("decisionDelay cannot be negative, was " + decisionDelay);
        }
        Objects.requireNonNull(webhookSchedule, "webhookSchedule cannot be null");
        webhookSchedule = List.copyOf(webhookSchedule);
        if (webhookSchedule.isEmpty() || webhookSchedule.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("webhookSchedule needs at least one attempt and no negative wait, was "
                    + webhookSchedule);
        }
    }

    /** The defaults: sandbox credentials, no webhooks, a 200 ms decision and Capa's own retry schedule. */
    public static CapaSandboxSettings defaults() {
        return new CapaSandboxSettings(DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET, null, DEFAULT_DECISION_DELAY,
                DEFAULT_WEBHOOK_SCHEDULE);
    }

    /** These settings with webhooks sent to {@code url} ({@code null}: none). */
    public CapaSandboxSettings withWebhookUrl(final String url) {
        return new CapaSandboxSettings(apiKey, webhookSecret, url, decisionDelay, webhookSchedule);
    }

    /**
     * Reads the settings from environment-style variables; blank values count as unset.
     *
     * <ul>
     *   <li>{@code KYC_PROVIDER_CAPA_API_KEY}, default {@code sandbox-capa-key}</li>
     *   <li>{@code KYC_PROVIDER_CAPA_WEBHOOK_SECRET}, default {@code sandbox-capa-webhook-secret}</li>
     *   <li>{@code KYC_SANDBOX_CAPA_WEBHOOK_URL}, default none (no webhooks)</li>
     *   <li>{@code KYC_SANDBOX_CAPA_DECISION_DELAY}, default {@code 200ms}</li>
     *   <li>{@code KYC_SANDBOX_CAPA_WEBHOOK_SCHEDULE}, default {@code 0s,1m,5m,10m,15m}</li>
     * </ul>
     * Durations are written like {@code 200ms}, {@code 2s}, {@code 1m}, {@code 1h} or {@code 1d}.
     *
     * @throws IllegalStateException when a variable is set to a value that cannot be used
     */
    public static CapaSandboxSettings fromConfig(final Map<String, String> env) {
        Objects.requireNonNull(env, "env cannot be null");
        final String url = find(env, WEBHOOK_URL);
        final String delay = find(env, DECISION_DELAY);
        final String schedule = find(env, WEBHOOK_SCHEDULE);
        try {
            return new CapaSandboxSettings(
                    orDefault(find(env, API_KEY), DEFAULT_API_KEY),
                    orDefault(find(env, WEBHOOK_SECRET), DEFAULT_WEBHOOK_SECRET),
                    url == null ? null : parse(WEBHOOK_URL, url, u -> requireHttpUrl(u, "webhookUrl")),
                    delay == null ? DEFAULT_DECISION_DELAY : parse(DECISION_DELAY, delay, org.kycorchestrator.sandbox.SettingsValues::parseDuration),
                    schedule == null ? DEFAULT_WEBHOOK_SCHEDULE : parse(WEBHOOK_SCHEDULE, schedule, CapaSandboxSettings::parseSchedule));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid Capa sandbox configuration: " + e.getMessage(), e);
        }
    }

    /** Keeps the credentials out of logs. */
    @Override
    public String toString() {
        return "CapaSandboxSettings[apiKey=***, webhookSecret=***, webhookUrl=" + webhookUrl
                + ", decisionDelay=" + decisionDelay + ", webhookSchedule=" + webhookSchedule + "]";
    }

    static List<Duration> parseSchedule(final String text) {
        final List<Duration> waits = new ArrayList<>();
        for (final String part : text.split(",")) {
            waits.add(parseDuration(part));
        }
        return waits;
    }






}
