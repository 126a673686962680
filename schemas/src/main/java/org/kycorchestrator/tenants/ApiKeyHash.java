package org.kycorchestrator.tenants;

import java.util.Objects;

/**
 * One API key a tenant may call with, kept only as its SHA-256 (a tenant has several while it
 * rotates them). The ingress compares the hash of each {@code x-api-key} it receives with these.
 *
 * @param sha256 64 hexadecimal digits, in lower case
 * @param label  a note for people, or {@code null}
 */
public record ApiKeyHash(String sha256, String label, Tenant tenant) {

    public ApiKeyHash {
        Objects.requireNonNull(sha256, "sha256 cannot be null");
        Objects.requireNonNull(tenant, "tenant cannot be null");
        if (!isSha256Hex(sha256)) {
            throw new IllegalArgumentException("sha256 must be 64 hexadecimal digits");
        }
    }

    public static boolean isSha256Hex(final String text) {
        return text != null && text.matches("[0-9a-fA-F]{64}");
    }
}
