package org.kycorchestrator.sandbox;

import static org.kycorchestrator.sandbox.SettingsValues.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the provider sandbox runs: its port, the credentials it expects from (and signs for) the
 * orchestrator, and where and when it delivers the vendors' asynchronous callbacks.
 *
 * @param port                 the HTTP port; {@code 0} picks a random free port
 * @param xgatewayApiKey       the {@code x-api-key} every xGateway call must carry
 * @param xgatewaySecretKey    the secret that xGateway's callback {@code hash} is derived from
 * @param xgatewayCallbackUrl  where xGateway KYC callbacks are POSTed; {@code null} sends none
 * @param callbackDelay        how long a verification takes before it is decided and called back
 * @param accounts             more accounts at any of the vendors, besides each vendor's default
 *                             one, e.g. tenants' own; each vendor takes those its credentials are for
 */
public record SandboxSettings(int port,
                              String xgatewayApiKey,
                              String xgatewaySecretKey,
                              String xgatewayCallbackUrl,
                              Duration callbackDelay,
                              List<SandboxAccount> accounts) {

    public static final String PORT = "KYC_SANDBOX_PORT";
    public static final String XGATEWAY_API_KEY = "KYC_PROVIDER_XGATEWAY_API_KEY";
    public static final String XGATEWAY_SECRET = "KYC_PROVIDER_XGATEWAY_SECRET";
    public static final String XGATEWAY_CALLBACK_URL = "KYC_SANDBOX_XGATEWAY_CALLBACK_URL";
    public static final String CALLBACK_DELAY = "KYC_SANDBOX_CALLBACK_DELAY";

    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_XGATEWAY_API_KEY = "sandbox-xgateway-key";
    public static final String DEFAULT_XGATEWAY_SECRET = "sandbox-xgateway-secret";
    public static final Duration DEFAULT_CALLBACK_DELAY = Duration.ofMillis(200);

    public SandboxSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        requireText(xgatewayApiKey, "xgatewayApiKey");
        requireText(xgatewaySecretKey, "xgatewaySecretKey");
        if (xgatewayCallbackUrl != null) {
            requireHttpUrl(xgatewayCallbackUrl, "xgatewayCallbackUrl");
        }
        Objects.requireNonNull(callbackDelay, "callbackDelay cannot be null");
        if (callbackDelay.isNegative()) {
            throw new IllegalArgumentException("callbackDelay cannot be negative, was " + callbackDelay);
        }
        accounts = List.copyOf(Objects.requireNonNull(accounts, "accounts cannot be null"));
    }

    /** The extra accounts at one vendor ({@link SandboxCredentials#vendor()}). */
    public List<SandboxAccount> accountsAt(final String vendor) {
        return accounts.stream().filter(account -> account.vendor().equals(vendor)).toList();
    }

    /** Settings with one account per vendor. */
    public SandboxSettings(final int port, final String xgatewayApiKey, final String xgatewaySecretKey, final String xgatewayCallbackUrl,
                           final Duration callbackDelay) {
        this(port, xgatewayApiKey, xgatewaySecretKey, xgatewayCallbackUrl, callbackDelay, List.of());
    }

    /**
     * Reads the settings from environment-style variables; blank values count as unset.
     *
     * <ul>
     *   <li>{@code KYC_SANDBOX_PORT}, default {@code 8090}</li>
     *   <li>{@code KYC_PROVIDER_XGATEWAY_API_KEY}, default {@code sandbox-xgateway-key}</li>
     *   <li>{@code KYC_PROVIDER_XGATEWAY_SECRET}, default {@code sandbox-xgateway-secret}</li>
     *   <li>{@code KYC_SANDBOX_XGATEWAY_CALLBACK_URL}, default none (no callbacks)</li>
     *   <li>{@code KYC_SANDBOX_CALLBACK_DELAY}, default {@code 200ms}; written like {@code 200ms},
     *       {@code 2s}, {@code 1m}, {@code 1h}</li>
     * </ul>
     *
     * @throws IllegalStateException when a variable is set to a value that cannot be used
     */
    public static SandboxSettings fromConfig(final Map<String, String> env) {
        Objects.requireNonNull(env, "env cannot be null");
        final String port = find(env, PORT);
        final String delay = find(env, CALLBACK_DELAY);
        final String callbackUrl = find(env, XGATEWAY_CALLBACK_URL);
        try {
            return new SandboxSettings(
                    port == null ? DEFAULT_PORT : parse(PORT, port, Integer::parseInt),
                    orDefault(find(env, XGATEWAY_API_KEY), DEFAULT_XGATEWAY_API_KEY),
                    orDefault(find(env, XGATEWAY_SECRET), DEFAULT_XGATEWAY_SECRET),
                    callbackUrl == null ? null : parse(XGATEWAY_CALLBACK_URL, callbackUrl, u -> requireHttpUrl(u, "xgatewayCallbackUrl")),
                    delay == null ? DEFAULT_CALLBACK_DELAY : parse(CALLBACK_DELAY, delay, SettingsValues::parseDuration));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid sandbox configuration: " + e.getMessage(), e);
        }
    }


    /** Keeps the credentials out of logs. */
    @Override
    public String toString() {
        return "SandboxSettings[port=" + port
                + ", xgatewayApiKey=***, xgatewaySecretKey=***"
                + ", xgatewayCallbackUrl=" + xgatewayCallbackUrl
                + ", callbackDelay=" + callbackDelay + ", accounts=" + accounts + "]";
    }
}
