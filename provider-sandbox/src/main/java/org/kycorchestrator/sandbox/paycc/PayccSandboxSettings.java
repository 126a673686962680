package org.kycorchestrator.sandbox.paycc;

import static org.kycorchestrator.sandbox.SettingsValues.*;

import java.util.Map;
import java.util.Objects;

/**
 * How the simulated IPAYMENT Paycc API runs: the HTTP Basic credentials and merchant code it
 * expects, and how many status polls of a new KYC answer {@code PENDING} before its outcome. Paycc
 * sends no callbacks (results are polled), so there is no callback URL and nothing to sign.
 *
 * @param user         the HTTP Basic user every call must send
 * @param password     the HTTP Basic password every call must send
 * @param merchantCode the {@code merchantCode} the init call must carry (at most 20 characters)
 * @param pendingPolls how many status polls of a KYC answer {@code 0x0206 PENDING} before its outcome
 */
public record PayccSandboxSettings(String user, String password, String merchantCode, int pendingPolls) {

    public static final String USER = "KYC_PROVIDER_PAYCC_USER";
    public static final String PASSWORD = "KYC_PROVIDER_PAYCC_PASSWORD";
    public static final String MERCHANT_CODE = "KYC_PROVIDER_PAYCC_MERCHANT_CODE";
    public static final String PENDING_POLLS = "KYC_SANDBOX_PAYCC_PENDING_POLLS";

    public static final String DEFAULT_USER = "sandbox-paycc-user";
    public static final String DEFAULT_PASSWORD = "sandbox-paycc-password";
    public static final String DEFAULT_MERCHANT_CODE = "MIDSANDBOX0001";
    public static final int DEFAULT_PENDING_POLLS = 1;

    /** The merchant code's documented maximum length. */
    static final int MERCHANT_CODE_MAX = 20;

    public PayccSandboxSettings {
        requireText(user, "user");
        if (user.contains(":")) {
            // HTTP Basic joins user and password with the first colon, so a user cannot contain one.
            throw new IllegalArgumentException("user cannot contain ':'");
        }
        Objects.requireNonNull(password, "password cannot be null");
        requireText(merchantCode, "merchantCode");
        if (merchantCode.length() > MERCHANT_CODE_MAX) {
            throw new IllegalArgumentException("merchantCode must be at most " + MERCHANT_CODE_MAX + " characters");
        }
        if (pendingPolls < 0) {
            throw new IllegalArgumentException("pendingPolls cannot be negative, was " + pendingPolls);
        }
    }

    /** The defaults, which {@code ProviderSandbox.start(SandboxSettings)} uses. */
    public static PayccSandboxSettings defaults() {
        return new PayccSandboxSettings(DEFAULT_USER, DEFAULT_PASSWORD, DEFAULT_MERCHANT_CODE, DEFAULT_PENDING_POLLS);
    }

    /**
     * Reads the settings from environment-style variables; blank values count as unset.
     *
     * <ul>
     *   <li>{@code KYC_PROVIDER_PAYCC_USER}, default {@code sandbox-paycc-user}</li>
     *   <li>{@code KYC_PROVIDER_PAYCC_PASSWORD}, default {@code sandbox-paycc-password}</li>
     *   <li>{@code KYC_PROVIDER_PAYCC_MERCHANT_CODE}, default {@code MIDSANDBOX0001}</li>
     *   <li>{@code KYC_SANDBOX_PAYCC_PENDING_POLLS}, default {@code 1}</li>
     * </ul>
     *
     * @throws IllegalStateException when a variable is set to a value that cannot be used, naming it
     */
    public static PayccSandboxSettings fromConfig(final Map<String, String> env) {
        Objects.requireNonNull(env, "env cannot be null");
        final String user = orDefault(find(env, USER), DEFAULT_USER);
        if (user.contains(":")) {
            throw new IllegalStateException("invalid sandbox configuration: " + USER + " cannot contain ':'");
        }
        final String merchantCode = orDefault(find(env, MERCHANT_CODE), DEFAULT_MERCHANT_CODE);
        if (merchantCode.length() > MERCHANT_CODE_MAX) {
            throw new IllegalStateException("invalid sandbox configuration: " + MERCHANT_CODE + " must be at most "
                    + MERCHANT_CODE_MAX + " characters");
        }
        return new PayccSandboxSettings(user, orDefault(find(env, PASSWORD), DEFAULT_PASSWORD), merchantCode,
                pendingPolls(find(env, PENDING_POLLS)));
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "PayccSandboxSettings[user=" + user + ", password=***, merchantCode=" + merchantCode
                + ", pendingPolls=" + pendingPolls + "]";
    }

    private static int pendingPolls(final String value) {
        if (value == null) {
            return DEFAULT_PENDING_POLLS;
        }
        try {
            final int polls = Integer.parseInt(value);
            if (polls >= 0) {
                return polls;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalStateException("invalid sandbox configuration: " + PENDING_POLLS
                + " must be a whole number of 0 or more, was " + value);
    }



}
