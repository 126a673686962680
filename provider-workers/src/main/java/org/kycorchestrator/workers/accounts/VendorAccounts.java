package org.kycorchestrator.workers.accounts;

import java.net.http.HttpClient;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.tenants.TenantDirectory;
import org.kycorchestrator.workers.vendors.VendorAdapter;

/**
 * The vendor accounts the workers call with, and which one serves a provider request: the
 * tenant's own account at the vendor when the tenants file gives it one, else the deployment's
 * ({@code KYC_PROVIDER_<VENDOR>_*}). Every adapter is built once, at start; they all share one
 * HTTP client. A customer's requests are always served by the same account, so what an adapter
 * remembers of a customer (e.g. Grid's id for it) stays with the account that holds the customer.
 */
public final class VendorAccounts {

    private final Map<Vendor, VendorAdapter> deployment = new EnumMap<>(Vendor.class);
    private final Map<String, Map<Vendor, VendorAdapter>> byTenant = new HashMap<>();

    /**
     * @param deployment the deployment's adapters, at most one per vendor
     * @param byTenant   each tenant's adapters of its own accounts, by tenant id
     */
    public VendorAccounts(final List<VendorAdapter> deployment, final Map<String, List<VendorAdapter>> byTenant) {
        Objects.requireNonNull(deployment, "deployment cannot be null").forEach(adapter -> add(this.deployment, adapter, "the deployment"));
        Objects.requireNonNull(byTenant, "byTenant cannot be null").forEach((tenant, adapters) -> {
            final Map<Vendor, VendorAdapter> own = new EnumMap<>(Vendor.class);
            adapters.forEach(adapter -> add(own, adapter, "tenant " + tenant));
            this.byTenant.put(tenant, own);
        });
    }

    /** Only the deployment's accounts: every tenant is served by them. */
    public static VendorAccounts deploymentOnly(final List<VendorAdapter> adapters) {
        return new VendorAccounts(adapters, Map.of());
    }

    /**
     * The deployment's accounts of every vendor whose URL is configured, and every tenant's own, at
     * the same vendor URL.
     *
     * @throws IllegalStateException when a tenant has credentials for a vendor whose URL is not configured
     */
    public static VendorAccounts fromConfig(final Config config, final HttpClient http, final Optional<TenantDirectory> tenants) {
        final VendorAdapters adapters = new VendorAdapters(config, http);
        final Map<String, List<VendorAdapter>> byTenant = new HashMap<>();
        tenants.map(TenantDirectory::all).orElse(List.of()).forEach(tenant -> byTenant.put(tenant.id(), ownAdapters(adapters, tenant)));
        return new VendorAccounts(adapters.deployment(), byTenant);
    }

    private static List<VendorAdapter> ownAdapters(final VendorAdapters adapters, final Tenant tenant) {
        return tenant.credentials().values().stream().map(credentials -> adapters.ofTenant(tenant.id(), credentials)).toList();
    }

    /** The adapter that serves {@code tenantId}'s customers at {@code vendor}; empty when neither it nor the deployment has an account there. */
    public Optional<VendorAdapter> adapterFor(final String tenantId, final Vendor vendor) {
        final VendorAdapter own = byTenant.getOrDefault(tenantId, Map.of()).get(vendor);
        return Optional.ofNullable(own != null ? own : deployment.get(vendor));
    }

    /** The deployment's adapters, one per configured vendor. */
    public List<VendorAdapter> deploymentAdapters() {
        return List.copyOf(deployment.values());
    }

    /** Whether {@code tenantId} has its own account at {@code vendor}. */
    public boolean hasOwnAccount(final String tenantId, final Vendor vendor) {
        return byTenant.getOrDefault(tenantId, Map.of()).containsKey(vendor);
    }

    private static void add(final Map<Vendor, VendorAdapter> into, final VendorAdapter adapter, final String owner) {
        if (into.putIfAbsent(adapter.vendor(), adapter) != null) {
            throw new IllegalArgumentException(owner + " has two accounts at " + adapter.vendor());
        }
    }
}
