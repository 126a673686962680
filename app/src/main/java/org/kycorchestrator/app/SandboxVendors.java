package org.kycorchestrator.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.kycorchestrator.config.Config;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxAccount;
import org.kycorchestrator.sandbox.SandboxCredentials;
import org.kycorchestrator.sandbox.SandboxSettings;
import org.kycorchestrator.sandbox.VendorSandboxSettings;
import org.kycorchestrator.sandbox.capa.CapaSandboxSettings;
import org.kycorchestrator.sandbox.grid.GridSettings;
import org.kycorchestrator.sandbox.paycc.PayccSandboxSettings;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.tenants.ApiKeyHash;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.tenants.TenantDirectory;
import org.kycorchestrator.tenants.VendorCredentials;

/**
 * In embedded mode, every vendor whose URL is not configured is the sandbox's: this starts it,
 * with callbacks to our own receivers, and points those vendors' settings at it. A tenant's own
 * account at such a vendor (its credentials in the tenants file) becomes an account of the sandbox
 * too, whose callbacks go to the tenant's own callback URL, signed with the tenant's secret.
 *
 * <p>Grid signs its webhooks with a private key that only Grid holds; the tenants file gives the
 * public half. The sandbox cannot sign with a key it was never given, so it makes a key pair per
 * account, and the tenants handed on to the ingress carry the public key of their own sandbox
 * account in place of the file's {@code webhookPublicKey} (given or not).
 */
final class SandboxVendors {

    static final String XGATEWAY_KEY = "sandbox-xgateway-key";
    static final String XGATEWAY_SECRET = "sandbox-xgateway-secret";

    private static final Map<Vendor, String> URL_SETTINGS = Map.of(
            Vendor.XGATEWAY, "KYC_PROVIDER_XGATEWAY_URL", Vendor.PAYCC, "KYC_PROVIDER_PAYCC_URL",
            Vendor.CAPA, "KYC_PROVIDER_CAPA_URL", Vendor.GRID, "KYC_PROVIDER_GRID_URL");

    private SandboxVendors() {
    }

    /**
     * @param sandbox the sandbox, {@code null} when every vendor has a URL of its own
     * @param config  the configuration, with the sandbox's vendors pointed at it
     * @param tenants the tenants, with their Grid webhook key that of their sandbox account where the sandbox plays Grid
     */
    record Started(ProviderSandbox sandbox, Config config, Optional<TenantDirectory> tenants) {
    }

    /** Starts the sandbox when some vendor has no URL; otherwise returns the configuration unchanged. */
    static Started startIfNeeded(final Config given, final int sandboxPort, final String ownUrl, final Optional<TenantDirectory> tenants) {
        final List<Vendor> played = URL_SETTINGS.entrySet().stream().filter(entry -> given.find(entry.getValue()).isEmpty())
                .map(Map.Entry::getKey).toList();
        if (played.isEmpty() || "false".equalsIgnoreCase(given.get("KYC_SANDBOX_ENABLED", "true"))) {
            return new Started(null, given, tenants);
        }
        final Duration delay = given.getDuration("KYC_SANDBOX_CALLBACK_DELAY", Duration.ofMillis(200));
        final String xgatewayKey = given.get("KYC_PROVIDER_XGATEWAY_API_KEY", XGATEWAY_KEY);
        final String xgatewaySecret = given.get("KYC_PROVIDER_XGATEWAY_SECRET", XGATEWAY_SECRET);
        final CapaSandboxSettings capa = new CapaSandboxSettings(CapaSandboxSettings.DEFAULT_API_KEY,
                CapaSandboxSettings.DEFAULT_WEBHOOK_SECRET, ownUrl + "/v1/providers/capa/callbacks", delay,
                CapaSandboxSettings.DEFAULT_WEBHOOK_SCHEDULE);
        final GridSettings grid = new GridSettings(GridSettings.DEFAULT_CLIENT_ID, GridSettings.DEFAULT_CLIENT_SECRET,
                ownUrl + "/v1/providers/grid/callbacks", delay);
        final List<Tenant> all = tenants.map(TenantDirectory::all).orElse(List.of());
        final List<SandboxAccount> tenantsAccounts = all.stream()
                .flatMap(tenant -> tenant.credentials().values().stream()
                        .filter(credentials -> played.contains(credentials.vendor()))
                        .map(credentials -> accountOf(tenant.id(), credentials, ownUrl)))
                .toList();
        final ProviderSandbox sandbox = ProviderSandbox.start(new SandboxSettings(sandboxPort, xgatewayKey, xgatewaySecret,
                ownUrl + "/v1/providers/xgateway/callbacks", delay, tenantsAccounts),
                new VendorSandboxSettings(PayccSandboxSettings.defaults(), capa, grid));

        Config config = given;
        if (played.contains(Vendor.XGATEWAY)) {
            config = config.with("KYC_PROVIDER_XGATEWAY_URL", sandbox.xgatewayBaseUrl())
                    .with("KYC_PROVIDER_XGATEWAY_API_KEY", xgatewayKey)
                    .with("KYC_PROVIDER_XGATEWAY_SECRET", xgatewaySecret);
        }
        if (played.contains(Vendor.PAYCC)) {
            config = config.with("KYC_PROVIDER_PAYCC_URL", sandbox.payccBaseUrl())
                    .with(PayccSandboxSettings.USER, PayccSandboxSettings.DEFAULT_USER)
                    .with(PayccSandboxSettings.PASSWORD, PayccSandboxSettings.DEFAULT_PASSWORD)
                    .with(PayccSandboxSettings.MERCHANT_CODE, PayccSandboxSettings.DEFAULT_MERCHANT_CODE);
        }
        if (played.contains(Vendor.CAPA)) {
            config = config.with("KYC_PROVIDER_CAPA_URL", sandbox.capaBaseUrl())
                    .with(CapaSandboxSettings.API_KEY, capa.apiKey())
                    .with(CapaSandboxSettings.WEBHOOK_SECRET, capa.webhookSecret());
        }
        if (played.contains(Vendor.GRID)) {
            config = config.with("KYC_PROVIDER_GRID_URL", sandbox.gridBaseUrl())
                    .with(GridSettings.CLIENT_ID, grid.clientId())
                    .with(GridSettings.CLIENT_SECRET, grid.clientSecret())
                    .with("KYC_PROVIDER_GRID_WEBHOOK_PUBLIC_KEY", sandbox.gridWebhookPublicKeyPem());
        }
        return new Started(sandbox, config, played.contains(Vendor.GRID) ? tenants.map(directory -> withSandboxGridKeys(directory, sandbox))
                : tenants);
    }

    /** The tenant's own account as the sandbox holds it: the same credentials, its callbacks to the tenant's own URL. */
    private static SandboxAccount accountOf(final String tenantId, final VendorCredentials credentials, final String ownUrl) {
        final String callbacks = ownUrl + "/v1/providers/" + credentials.vendor().name().toLowerCase(java.util.Locale.ROOT)
                + "/callbacks/" + tenantId;
        if (credentials instanceof VendorCredentials.XGateway own) {
            return new SandboxAccount(tenantId, new SandboxCredentials.XGateway(own.apiKey().value(), own.callbackSecret().value()), callbacks);
        }
        if (credentials instanceof VendorCredentials.Grid own) {
            return new SandboxAccount(tenantId, new SandboxCredentials.Grid(own.clientId(), own.clientSecret().value()), callbacks);
        }
        if (credentials instanceof VendorCredentials.Paycc own) {
            // Paycc sends no callbacks: results are polled
            return new SandboxAccount(tenantId, new SandboxCredentials.Paycc(own.user(), own.password().value(), own.merchantCode()), null);
        }
        final VendorCredentials.Capa own = (VendorCredentials.Capa) credentials;
        return new SandboxAccount(tenantId, new SandboxCredentials.Capa(own.apiKey().value(), own.webhookSecret().value()), callbacks);
    }

    /** The tenants, each own Grid account's webhook key replaced by the public key of its sandbox account. */
    private static TenantDirectory withSandboxGridKeys(final TenantDirectory directory, final ProviderSandbox sandbox) {
        final Map<String, Tenant> changed = directory.all().stream()
                .filter(tenant -> tenant.credentialsFor(Vendor.GRID).isPresent())
                .collect(Collectors.toMap(Tenant::id, tenant -> {
                    final VendorCredentials.Grid own = (VendorCredentials.Grid) tenant.credentials().get(Vendor.GRID);
                    final Map<Vendor, VendorCredentials> credentials = new java.util.EnumMap<>(tenant.credentials());
                    credentials.put(Vendor.GRID, new VendorCredentials.Grid(own.clientId(), own.clientSecret(),
                            sandbox.gridWebhookPublicKeyPem(tenant.id())));
                    return new Tenant(tenant.id(), tenant.rateLimit(), tenant.routing(), credentials);
                }));
        final List<ApiKeyHash> keys = new ArrayList<>();
        directory.apiKeys().forEach(key -> keys.add(new ApiKeyHash(key.sha256(), key.label(),
                changed.getOrDefault(key.tenant().id(), key.tenant()))));
        return new TenantDirectory(keys);
    }
}
