package org.kycorchestrator.tenants;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenants of a deployment, as {@link TenantsFile} read them: each tenant by its id, and the
 * hashes of the API keys that identify them. Every component that acts for a tenant reads the same
 * file: the ingress to authenticate and route, the provider workers to call each vendor with the
 * tenant's own account where it has one.
 */
public final class TenantDirectory {

    private final Map<String, Tenant> byId = new LinkedHashMap<>();
    private final List<ApiKeyHash> apiKeys;

    /** @param apiKeys every key, each naming its tenant; a tenant appears through its keys */
    public TenantDirectory(final List<ApiKeyHash> apiKeys) {
        this.apiKeys = List.copyOf(Objects.requireNonNull(apiKeys, "apiKeys cannot be null"));
        this.apiKeys.forEach(key -> {
            final Tenant earlier = byId.putIfAbsent(key.tenant().id(), key.tenant());
            if (earlier != null && !earlier.equals(key.tenant())) {
                throw new IllegalArgumentException("two tenants have the id " + key.tenant().id());
            }
        });
    }

    /** Every tenant, each once, in the order of the file. */
    public List<Tenant> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Tenant> byId(final String tenantId) {
        return Optional.ofNullable(tenantId).map(byId::get);
    }

    public List<ApiKeyHash> apiKeys() {
        return apiKeys;
    }
}
