package org.kycorchestrator.sandbox.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GridSettingsTest {

    @Test
    void anEmptyEnvironmentGivesTheDefaults() {
        assertThat(GridSettings.fromConfig(Map.of())).isEqualTo(GridSettings.defaults())
                .isEqualTo(new GridSettings("sandbox-grid-client-id", "sandbox-grid-client-secret", null, Duration.ofMillis(200)));
    }

    @Test
    void everyVariableIsRead() {
        final GridSettings settings = GridSettings.fromConfig(Map.of(
                "KYC_PROVIDER_GRID_CLIENT_ID", "id-1",
                "KYC_PROVIDER_GRID_CLIENT_SECRET", "secret-1",
                "KYC_SANDBOX_GRID_WEBHOOK_URL", "http://localhost:8080/v1/providers/grid/callbacks",
                "KYC_SANDBOX_GRID_CALLBACK_DELAY", "2s"));

        assertThat(settings).isEqualTo(new GridSettings("id-1", "secret-1",
                "http://localhost:8080/v1/providers/grid/callbacks", Duration.ofSeconds(2)));
    }

    @Test
    void blankValuesCountAsUnset() {
        final GridSettings settings = GridSettings.fromConfig(Map.of(
                "KYC_PROVIDER_GRID_CLIENT_ID", " ", "KYC_SANDBOX_GRID_WEBHOOK_URL", "", "KYC_SANDBOX_GRID_CALLBACK_DELAY", ""));

        assertThat(settings).isEqualTo(GridSettings.defaults());
    }

    @Test
    void anUnusableValueIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> GridSettings.fromConfig(Map.of("KYC_SANDBOX_GRID_CALLBACK_DELAY", "soon")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_SANDBOX_GRID_CALLBACK_DELAY");
        assertThatThrownBy(() -> GridSettings.fromConfig(Map.of("KYC_SANDBOX_GRID_WEBHOOK_URL", "localhost:8080")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_SANDBOX_GRID_WEBHOOK_URL");
        assertThatThrownBy(() -> GridSettings.fromConfig(Map.of("KYC_PROVIDER_GRID_CLIENT_ID", "a:b")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("clientId");
    }

    @Test
    void theSecretStaysOutOfToString() {
        assertThat(new GridSettings("id-1", "very-secret", null, Duration.ZERO).toString())
                .contains("id-1").doesNotContain("very-secret");
    }
}
