package org.kycorchestrator.ingress.tenants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kycorchestrator.tenants.ApiKeyHash;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.tenants.TenantDirectory;

/**
 * Finds the tenant of an API key. Keys are kept only as SHA-256 hashes, so a memory dump or a
 * configuration file never reveals one.
 */
public final class Tenants {

    public static final String DEMO_TENANT_ID = "demo";

    private record Candidate(byte[] hash, Tenant tenant) {
    }

    private final List<Candidate> candidates;

    public Tenants(final List<ApiKeyHash> keys) {
        this.candidates = keys.stream().map(key -> new Candidate(HexFormat.of().parseHex(key.sha256()), key.tenant())).toList();
    }

    public Tenants(final Map<String, Tenant> tenantsByKeyHash) {
        this(tenantsByKeyHash.entrySet().stream().map(e -> new ApiKeyHash(e.getKey(), null, e.getValue())).toList());
    }

    /** The tenants of the tenants file, each found by the hashes of its keys. */
    public static Tenants of(final TenantDirectory directory) {
        return new Tenants(directory.apiKeys());
    }

    /** The embedded quick start's single tenant. */
    public static Tenants demo(final String apiKey) {
        return new Tenants(Map.of(sha256(apiKey), new Tenant(DEMO_TENANT_ID)));
    }

    public Optional<Tenant> byApiKey(final String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        final byte[] given = digest(apiKey);
        // Compare with every hash, each in constant time, so timing reveals nothing about which keys exist.
        Tenant found = null;
        for (Candidate candidate : candidates) {
            if (MessageDigest.isEqual(candidate.hash(), given)) {
                found = candidate.tenant();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The tenant of an id. */
    public Optional<Tenant> byId(final String tenantId) {
        return all().stream().filter(tenant -> tenant.id().equals(tenantId)).findFirst();
    }

    /** Every tenant, each once, in the order of their keys. */
    public List<Tenant> all() {
        final LinkedHashSet<Tenant> tenants = new LinkedHashSet<>();
        candidates.forEach(candidate -> tenants.add(candidate.tenant()));
        return List.copyOf(tenants);
    }

    public static String sha256(final String text) {
        return HexFormat.of().formatHex(digest(text));
    }

    private static byte[] digest(final String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
