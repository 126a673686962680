package org.kycorchestrator.workers.callbacks;

import java.net.http.HttpClient;
import java.time.Duration;
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
import org.kycorchestrator.tenants.VendorCredentials;
import org.kycorchestrator.workers.capa.CapaCallbackVerifier;
import org.kycorchestrator.workers.grid.GridAdapter;
import org.kycorchestrator.workers.grid.GridCallbackVerifier;
import org.kycorchestrator.workers.xgateway.XGatewayCallbackVerifier;

/**
 * The callback checks of every vendor account: the deployment's ({@code KYC_PROVIDER_<VENDOR>_*}),
 * and each tenant's own (its {@code credentials} in the tenants file). Each account's callbacks
 * come to a URL of their own, so a callback is checked with the one secret of the account it
 * claims to come from, never with every secret in turn: the deployment's accounts call
 * {@code /v1/providers/{vendor}/callbacks}, a tenant's own account
 * {@code /v1/providers/{vendor}/callbacks/{tenantId}}.
 */
public final class CallbackAccounts {

    private final Map<Vendor, VendorCallbackVerifier> deployment = new EnumMap<>(Vendor.class);
    private final Map<String, Map<Vendor, VendorCallbackVerifier>> byTenant = new HashMap<>();

    /**
     * @param deployment the deployment's verifiers, at most one per vendor
     * @param byTenant   each tenant's verifiers of its own accounts, by tenant id
     */
    public CallbackAccounts(final List<VendorCallbackVerifier> deployment, final Map<String, List<VendorCallbackVerifier>> byTenant) {
        Objects.requireNonNull(deployment, "deployment cannot be null").forEach(verifier -> this.deployment.put(verifier.vendor(), verifier));
        Objects.requireNonNull(byTenant, "byTenant cannot be null").forEach((tenant, verifiers) -> {
            final Map<Vendor, VendorCallbackVerifier> own = new EnumMap<>(Vendor.class);
            verifiers.forEach(verifier -> own.put(verifier.vendor(), verifier));
            this.byTenant.put(tenant, own);
        });
    }

    /** Only the deployment's accounts. */
    public static CallbackAccounts deploymentOnly(final List<VendorCallbackVerifier> verifiers) {
        return new CallbackAccounts(verifiers, Map.of());
    }

    /**
     * The deployment's verifiers ({@link CallbackVerifiers#fromConfig}) and every tenant's: xGateway's
     * {@code callbackSecret}, Capa's {@code webhookSecret}, and Grid's {@code webhookPublicKey} where
     * given (Grid's {@code VERIFICATION.*} webhooks are traced back to our customer with the tenant's
     * own Grid credentials). Paycc sends no callbacks.
     */
    public static CallbackAccounts fromConfig(final Config config, final HttpClient http, final Optional<TenantDirectory> tenants) {
        final Map<String, List<VendorCallbackVerifier>> byTenant = new HashMap<>();
        tenants.map(TenantDirectory::all).orElse(List.of()).forEach(tenant -> byTenant.put(tenant.id(), ownVerifiers(config, http, tenant)));
        return new CallbackAccounts(CallbackVerifiers.fromConfig(config, http), byTenant);
    }

    private static List<VendorCallbackVerifier> ownVerifiers(final Config config, final HttpClient http, final Tenant tenant) {
        return tenant.credentials().values().stream()
                .map(credentials -> verifier(config, http, tenant.id(), credentials))
                .flatMap(Optional::stream)
                .toList();
    }

    private static Optional<VendorCallbackVerifier> verifier(final Config config, final HttpClient http, final String tenantId,
                                                             final VendorCredentials credentials) {
        if (credentials instanceof VendorCredentials.XGateway xgateway) {
            return Optional.of(new XGatewayCallbackVerifier(xgateway.callbackSecret().value()));
        }
        if (credentials instanceof VendorCredentials.Capa capa) {
            return Optional.of(new CapaCallbackVerifier(capa.webhookSecret().value()));
        }
        if (credentials instanceof VendorCredentials.Grid grid && grid.webhookPublicKey() != null) {
            final String url = config.find("KYC_PROVIDER_GRID_URL").orElseThrow(() -> new IllegalStateException("tenant " + tenantId
                    + " has a Grid webhook key, but KYC_PROVIDER_GRID_URL is not set: its webhooks cannot be traced to customers"));
            final GridAdapter own = new GridAdapter(http, url, grid.clientId(), grid.clientSecret().value(),
                    config.getDuration("KYC_PROVIDER_CALL_TIMEOUT", Duration.ofSeconds(30)));
            return Optional.of(new GridCallbackVerifier(grid.webhookPublicKey(), own::platformCustomerIdOf));
        }
        return Optional.empty();
    }

    /** The deployment's account's check of a vendor's callbacks, if it has one there. */
    public Optional<VendorCallbackVerifier> deployment(final Vendor vendor) {
        return Optional.ofNullable(deployment.get(vendor));
    }

    /** The check of a tenant's own account at a vendor, if it has one there. */
    public Optional<VendorCallbackVerifier> ofTenant(final String tenantId, final Vendor vendor) {
        return Optional.ofNullable(byTenant.getOrDefault(tenantId, Map.of()).get(vendor));
    }
}
