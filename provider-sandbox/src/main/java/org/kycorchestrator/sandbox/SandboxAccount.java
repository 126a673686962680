package org.kycorchestrator.sandbox;

import java.util.Objects;

/**
 * One account at a simulated vendor, as a deployment or a tenant with its own contract has: its own
 * credentials, its own customers (no account sees another's), and its own callback URL, as the real
 * vendors keep them per account. The vendor is the one its credentials belong to.
 *
 * @param name        what the sandbox calls the account, in its admin views and logs
 * @param credentials what its calls present and its callbacks are signed with
 * @param callbackUrl where its callbacks go; {@code null} sends none (and Paycc sends none anyway)
 */
public record SandboxAccount(String name, SandboxCredentials credentials, String callbackUrl) {

    /** What each simulator calls the account of its own settings ({@code KYC_PROVIDER_<VENDOR>_*}). */
    public static final String DEFAULT = "default";

    public SandboxAccount {
        Objects.requireNonNull(name, "name cannot be null");
        Objects.requireNonNull(credentials, "credentials cannot be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an account needs a name");
        }
        if (callbackUrl != null) {
            SettingsValues.requireHttpUrl(callbackUrl, "callbackUrl of account " + name);
        }
    }

    /** The vendor the account is at, as its credentials say. */
    public String vendor() {
        return credentials.vendor();
    }
}
