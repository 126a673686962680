package org.kycorchestrator.sandbox.grid;

import static org.kycorchestrator.sandbox.SettingsValues.*;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the simulated Lightspark Grid runs: the HTTP Basic credentials it expects, where and when it
 * delivers its webhooks. The webhook signing key is not a setting: the simulator makes a fresh P-256
 * key pair at every start and publishes the public half (see {@code ProviderSandbox.gridWebhookPublicKeyPem()}).
 *
 * @param clientId      the user name of HTTP Basic (Grid's API token id)
 * @param clientSecret  the password of HTTP Basic (Grid's API client secret)
 * @param webhookUrl    where Grid webhooks are POSTed; {@code null} sends none
 * @param callbackDelay the time between the steps of the simulated hosted flow: from the link to the
 *                      customer's submission, and from the submission to the decision
 */
public record GridSettings(String clientId, String clientSecret, String webhookUrl, Duration callbackDelay) {

    public static final String CLIENT_ID = "KYC_PROVIDER_GRID_CLIENT_ID";
    public static final String CLIENT_SECRET = "KYC_PROVIDER_GRID_CLIENT_SECRET";
    public static final String WEBHOOK_URL = "KYC_SANDBOX_GRID_WEBHOOK_URL";
    public static final String CALLBACK_DELAY = "KYC_SANDBOX_GRID_CALLBACK_DELAY";

    public static final String DEFAULT_CLIENT_ID = "sandbox-grid-client-id";
    public static final String DEFAULT_CLIENT_SECRET = "sandbox-grid-client-secret";
    public static final Duration DEFAULT_CALLBACK_DELAY = Duration.ofMillis(200);

    public GridSettings {
        requireText(clientId, "clientId");
        requireText(clientSecret, "clientSecret");
        if (clientId.indexOf(':') >= 0) {
            // HTTP Basic cannot carry a user name with a colon
            throw new IllegalArgumentException("clientId cannot contain ':'");
        }
        if (webhookUrl != null) {
            requireHttpUrl(webhookUrl, "webhookUrl");
        }
        Objects.requireNonNull(callbackDelay, "callbackDelay cannot be null");
        if (callbackDelay.isNegative()) {
            throw new IllegalArgumentException("callbackDelay cannot be negative, was " + callbackDelay);
        }
    }

    /** The default credentials, no webhooks, and a 200 ms step. */
    public static GridSettings defaults() {
        return new GridSettings(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, null, DEFAULT_CALLBACK_DELAY);
    }

    /**
     * Reads the settings from environment-style variables; blank values count as unset.
     *
     * <ul>
     *   <li>{@code KYC_PROVIDER_GRID_CLIENT_ID}, default {@code sandbox-grid-client-id}</li>
     *   <li>{@code KYC_PROVIDER_GRID_CLIENT_SECRET}, default {@code sandbox-grid-client-secret}</li>
     *   <li>{@code KYC_SANDBOX_GRID_WEBHOOK_URL}, default none (no webhooks)</li>
     *   <li>{@code KYC_SANDBOX_GRID_CALLBACK_DELAY}, default {@code 200ms}; written like {@code 200ms},
     *       {@code 2s}, {@code 1m}, {@code 1h}</li>
     * </ul>
     *
     * @throws IllegalStateException when a variable is set to a value that cannot be used
     */
    public static GridSettings fromConfig(final Map<String, String> env) {
        Objects.requireNonNull(env, "env cannot be null");
        final String webhookUrl = find(env, WEBHOOK_URL);
        final String delay = find(env, CALLBACK_DELAY);
        try {
            return new GridSettings(
                    orDefault(find(env, CLIENT_ID), DEFAULT_CLIENT_ID),
                    orDefault(find(env, CLIENT_SECRET), DEFAULT_CLIENT_SECRET),
                    webhookUrl == null ? null : parse(WEBHOOK_URL, webhookUrl, u -> requireHttpUrl(u, "webhookUrl")),
                    delay == null ? DEFAULT_CALLBACK_DELAY : parse(CALLBACK_DELAY, delay, org.kycorchestrator.sandbox.SettingsValues::parseDuration));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid Grid sandbox configuration: " + e.getMessage(), e);
        }
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "GridSettings[clientId=" + clientId + ", clientSecret=***, webhookUrl=" + webhookUrl
                + ", callbackDelay=" + callbackDelay + "]";
    }






}
