package org.kycorchestrator.app;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.kycorchestrator.config.Config;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxAccount;
import org.kycorchestrator.sandbox.SandboxSettings;
import org.kycorchestrator.sandbox.VendorSandboxSettings;
import org.kycorchestrator.sandbox.capa.CapaSandboxSettings;
import org.kycorchestrator.sandbox.grid.GridSettings;
import org.kycorchestrator.sandbox.paycc.PayccSandboxSettings;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.tenants.TenantDirectory;
import org.kycorchestrator.tenants.VendorCredentials;

/**
 * In embedded mode, every vendor whose URL is not configured is the sandbox's: this starts it,
 * with callbacks to our own receivers, and points those vendors' settings at it. A tenant's own
 * xGateway account (its credentials in the tenants file) becomes an account of the sandbox too,
 * whose callbacks go to the tenant's own callback URL, signed with the tenant's secret.
 */
final class SandboxVendors {

    static final String XGATEWAY_KEY = "sandbox-xgateway-key";
    static final String XGATEWAY_SECRET = "sandbox-xgateway-secret";

    private SandboxVendors() {
    }

    record Started(ProviderSandbox sandbox, Config config) {
    }

    /** Starts the sandbox when some vendor has no URL; otherwise returns the configuration unchanged. */
    static Started startIfNeeded(final Config given, final int sandboxPort, final String ownUrl, final Optional<TenantDirectory> tenants) {
        final boolean needed = given.find("KYC_PROVIDER_XGATEWAY_URL").isEmpty() || given.find("KYC_PROVIDER_PAYCC_URL").isEmpty()
                || given.find("KYC_PROVIDER_CAPA_URL").isEmpty() || given.find("KYC_PROVIDER_GRID_URL").isEmpty();
        if (!needed || "false".equalsIgnoreCase(given.get("KYC_SANDBOX_ENABLED", "true"))) {
            return new Started(null, given);
        }
        final Duration delay = given.getDuration("KYC_SANDBOX_CALLBACK_DELAY", Duration.ofMillis(200));
        final String xgatewayKey = given.get("KYC_PROVIDER_XGATEWAY_API_KEY", XGATEWAY_KEY);
        final String xgatewaySecret = given.get("KYC_PROVIDER_XGATEWAY_SECRET", XGATEWAY_SECRET);
        final CapaSandboxSettings capa = new CapaSandboxSettings(CapaSandboxSettings.DEFAULT_API_KEY,
                CapaSandboxSettings.DEFAULT_WEBHOOK_SECRET, ownUrl + "/v1/providers/capa/callbacks", delay,
                CapaSandboxSettings.DEFAULT_WEBHOOK_SCHEDULE);
        final GridSettings grid = new GridSettings(GridSettings.DEFAULT_CLIENT_ID, GridSettings.DEFAULT_CLIENT_SECRET,
                ownUrl + "/v1/providers/grid/callbacks", delay);
        final List<SandboxAccount> tenantsXGateway = given.find("KYC_PROVIDER_XGATEWAY_URL").isPresent() ? List.of()
                : tenants.map(TenantDirectory::all).orElse(List.of()).stream()
                        .flatMap(tenant -> tenant.credentialsFor(Vendor.XGATEWAY).stream()
                                .map(credentials -> (VendorCredentials.XGateway) credentials)
                                .map(own -> new SandboxAccount(tenant.id(), own.apiKey().value(), own.callbackSecret().value(),
                                        ownUrl + "/v1/providers/xgateway/callbacks/" + tenant.id())))
                        .toList();
        final ProviderSandbox sandbox = ProviderSandbox.start(new SandboxSettings(sandboxPort, xgatewayKey, xgatewaySecret,
                ownUrl + "/v1/providers/xgateway/callbacks", delay, tenantsXGateway),
                new VendorSandboxSettings(PayccSandboxSettings.defaults(), capa, grid));

        Config config = given;
        if (given.find("KYC_PROVIDER_XGATEWAY_URL").isEmpty()) {
            config = config.with("KYC_PROVIDER_XGATEWAY_URL", sandbox.xgatewayBaseUrl())
                    .with("KYC_PROVIDER_XGATEWAY_API_KEY", xgatewayKey)
                    .with("KYC_PROVIDER_XGATEWAY_SECRET", xgatewaySecret);
        }
        if (given.find("KYC_PROVIDER_PAYCC_URL").isEmpty()) {
            config = config.with("KYC_PROVIDER_PAYCC_URL", sandbox.payccBaseUrl())
                    .with(PayccSandboxSettings.USER, PayccSandboxSettings.DEFAULT_USER)
                    .with(PayccSandboxSettings.PASSWORD, PayccSandboxSettings.DEFAULT_PASSWORD)
                    .with(PayccSandboxSettings.MERCHANT_CODE, PayccSandboxSettings.DEFAULT_MERCHANT_CODE);
        }
        if (given.find("KYC_PROVIDER_CAPA_URL").isEmpty()) {
            config = config.with("KYC_PROVIDER_CAPA_URL", sandbox.capaBaseUrl())
                    .with(CapaSandboxSettings.API_KEY, capa.apiKey())
                    .with(CapaSandboxSettings.WEBHOOK_SECRET, capa.webhookSecret());
        }
        if (given.find("KYC_PROVIDER_GRID_URL").isEmpty()) {
            config = config.with("KYC_PROVIDER_GRID_URL", sandbox.gridBaseUrl())
                    .with(GridSettings.CLIENT_ID, grid.clientId())
                    .with(GridSettings.CLIENT_SECRET, grid.clientSecret())
                    .with("KYC_PROVIDER_GRID_WEBHOOK_PUBLIC_KEY", sandbox.gridWebhookPublicKeyPem());
        }
        return new Started(sandbox, config);
    }
}
