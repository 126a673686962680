package org.kycorchestrator.ingress.tenants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the tenant of an API key. Keys are kept only as SHA-256 hashes, so a memory dump or a
 * configuration file never reveals one.
 */
public final class Tenants {

    public static final String DEMO_TENANT_ID = "demo";

    private final Map<String, Tenant> tenantsByKeyHash;

    public Tenants(final Map<String, Tenant> tenantsByKeyHash) {
        this.tenantsByKeyHash = Map.copyOf(tenantsByKeyHash);
    }

    /** The embedded quick start's single tenant. */
    public static Tenants demo(final String apiKey) {
        return new Tenants(Map.of(sha256(apiKey), new Tenant(DEMO_TENANT_ID)));
    }

    public Optional<Tenant> byApiKey(final String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        final byte[] given = sha256(apiKey).getBytes(StandardCharsets.US_ASCII);
        // Compare every hash in constant time, so timing reveals nothing about which keys exist.
        Tenant found = null;
        for (Map.Entry<String, Tenant> entry : tenantsByKeyHash.entrySet()) {
            if (MessageDigest.isEqual(entry.getKey().getBytes(StandardCharsets.US_ASCII), given)) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    public static String sha256(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
