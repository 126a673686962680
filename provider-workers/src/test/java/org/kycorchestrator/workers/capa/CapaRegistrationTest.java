package org.kycorchestrator.workers.capa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.workers.ProviderWorkers;
import org.kycorchestrator.workers.vendors.VendorAdapter;

class CapaRegistrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theWorkersCallCapaOnceItsUrlAndApiKeyAreConfigured() {
        final Config config = Config.of(Map.of("KYC_PROVIDER_CAPA_URL", "https://staging-api.capa.fi",
                "KYC_PROVIDER_CAPA_API_KEY", "partner-key"));

        assertThat(ProviderWorkers.adaptersFrom(config, HTTP)).extracting(VendorAdapter::vendor).containsExactly(Vendor.CAPA);
    }

    @Test
    void withoutItsUrlCapaIsNotCalled() {
        assertThat(ProviderWorkers.adaptersFrom(Config.of(Map.of("KYC_PROVIDER_CAPA_API_KEY", "partner-key")), HTTP)).isEmpty();
    }

    @Test
    void aUrlWithoutTheApiKeyStopsTheStart() {
        assertThatThrownBy(() -> ProviderWorkers.adaptersFrom(Config.of(Map.of("KYC_PROVIDER_CAPA_URL", "https://staging-api.capa.fi")), HTTP))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("KYC_PROVIDER_CAPA_API_KEY");
    }
}
