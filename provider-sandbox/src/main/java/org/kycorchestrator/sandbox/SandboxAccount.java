package org.kycorchestrator.sandbox;

import java.util.Objects;

/**
 * One more account at a simulated vendor, as a tenant with its own contract has: its own key, its
 * own customers (no account sees another's), and its own callback secret and URL, as the real
 * vendors keep them per account.
 *
 * @param name        what the sandbox calls the account, in its admin views and logs
 * @param apiKey      the key its calls carry
 * @param secretKey   the secret its callbacks are signed with
 * @param callbackUrl where its callbacks go; {@code null} sends none
 */
public record SandboxAccount(String name, String apiKey, String secretKey, String callbackUrl) {

    public SandboxAccount {
        Objects.requireNonNull(name, "name cannot be null");
        Objects.requireNonNull(apiKey, "apiKey cannot be null");
        Objects.requireNonNull(secretKey, "secretKey cannot be null");
        if (apiKey.isBlank() || secretKey.isBlank()) {
            throw new IllegalArgumentException("account " + name + " needs a key and a secret");
        }
    }

    @Override
    public String toString() {
        return "SandboxAccount[name=" + name + ", apiKey=***, secretKey=***, callbackUrl=" + callbackUrl + "]";
    }
}
