package org.kycorchestrator.workers.accounts;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.kycorchestrator.blobs.BlobStore;
import org.kycorchestrator.blobs.FileSystemBlobStore;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.tenants.VendorCredentials;
import org.kycorchestrator.workers.capa.CapaAdapter;
import org.kycorchestrator.workers.grid.GridAdapter;
import org.kycorchestrator.workers.paycc.PayccAdapter;
import org.kycorchestrator.workers.vendors.VendorAdapter;
import org.kycorchestrator.workers.xgateway.XGatewayAdapter;

/**
 * Builds vendor adapters: the deployment's from {@code KYC_PROVIDER_<VENDOR>_*}, and a tenant's
 * from its credentials, at the deployment's URL of the vendor and with the same timeouts, HTTP
 * client and document store.
 */
final class VendorAdapters {

    private final Config config;
    private final HttpClient http;
    private final Duration callTimeout;
    private BlobStore blobs;

    VendorAdapters(final Config config, final HttpClient http) {
        this.config = Objects.requireNonNull(config, "config cannot be null");
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.callTimeout = config.getDuration("KYC_PROVIDER_CALL_TIMEOUT", Duration.ofSeconds(30));
    }

    /** The adapters of every vendor whose URL and credentials are configured. */
    List<VendorAdapter> deployment() {
        final List<VendorAdapter> adapters = new ArrayList<>();
        config.find("KYC_PROVIDER_XGATEWAY_URL").ifPresent(url -> adapters.add(xgateway(url, config.require("KYC_PROVIDER_XGATEWAY_API_KEY"))));
        config.find("KYC_PROVIDER_PAYCC_URL").ifPresent(url -> adapters.add(new PayccAdapter(http, url,
                config.require("KYC_PROVIDER_PAYCC_USER"), config.require("KYC_PROVIDER_PAYCC_PASSWORD"),
                config.require("KYC_PROVIDER_PAYCC_MERCHANT_CODE"), callTimeout)));
        // Capa's webhook secret belongs to the callback receiver: see CapaCallbackVerifier.fromConfig.
        config.find(CapaAdapter.URL).ifPresent(url -> adapters.add(new CapaAdapter(http, url, config.require(CapaAdapter.API_KEY), callTimeout)));
        config.find("KYC_PROVIDER_GRID_URL").ifPresent(url -> adapters.add(new GridAdapter(http, url,
                config.require("KYC_PROVIDER_GRID_CLIENT_ID"), config.require("KYC_PROVIDER_GRID_CLIENT_SECRET"), callTimeout)));
        return adapters;
    }

    /** The adapter of a tenant's own account: the vendor's URL is the deployment's, the credentials the tenant's. */
    VendorAdapter ofTenant(final String tenantId, final VendorCredentials credentials) {
        final String url = vendorUrl(credentials.vendor()).orElseThrow(() -> new IllegalStateException("tenant " + tenantId
                + " has credentials for " + credentials.vendor().name().toLowerCase(Locale.ROOT) + ", but " + urlSetting(credentials.vendor())
                + " is not set: the provider workers cannot call that vendor"));
        if (credentials instanceof VendorCredentials.XGateway xgateway) {
            return xgateway(url, xgateway.apiKey().value());
        }
        if (credentials instanceof VendorCredentials.Paycc paycc) {
            return new PayccAdapter(http, url, paycc.user(), paycc.password().value(), paycc.merchantCode(), callTimeout);
        }
        if (credentials instanceof VendorCredentials.Capa capa) {
            return new CapaAdapter(http, url, capa.apiKey().value(), callTimeout);
        }
        final VendorCredentials.Grid grid = (VendorCredentials.Grid) credentials;
        return new GridAdapter(http, url, grid.clientId(), grid.clientSecret().value(), callTimeout);
    }

    private VendorAdapter xgateway(final String url, final String apiKey) {
        if (blobs == null) {
            // The same store the ingress writes uploads to: one KYC_DATA_DIR in the app, a shared KYC_BLOB_DIR otherwise.
            blobs = FileSystemBlobStore.fromConfig(config);
        }
        return new XGatewayAdapter(http, url, apiKey, callTimeout,
                config.getDuration("KYC_PROVIDER_XGATEWAY_VERIFICATION_TIMEOUT", Duration.ofMinutes(10)), blobs);
    }

    private java.util.Optional<String> vendorUrl(final Vendor vendor) {
        return config.find(urlSetting(vendor));
    }

    static String urlSetting(final Vendor vendor) {
        return "KYC_PROVIDER_" + vendor.name() + "_URL";
    }
}
