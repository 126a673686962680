package org.kycorchestrator.sandbox.capa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CapaSandboxSettingsTest {

    @Test
    void theDefaultsAreSandboxCredentialsNoWebhooksAndCapasOwnSchedule() {
        final CapaSandboxSettings defaults = CapaSandboxSettings.defaults();

        assertThat(defaults).isEqualTo(new CapaSandboxSettings("sandbox-capa-key", "sandbox-capa-webhook-secret", null,
                Duration.ofMillis(200), List.of(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(10), Duration.ofMinutes(15))));
        assertThat(CapaSandboxSettings.fromConfig(Map.of())).isEqualTo(defaults);
    }

    @Test
    void everyVariableIsRead() {
        final CapaSandboxSettings settings = CapaSandboxSettings.fromConfig(Map.of(
                "KYC_PROVIDER_CAPA_API_KEY", "key-1",
                "KYC_PROVIDER_CAPA_WEBHOOK_SECRET", "secret-1",
                "KYC_SANDBOX_CAPA_WEBHOOK_URL", "http://localhost:8080/v1/providers/capa/callbacks",
                "KYC_SANDBOX_CAPA_DECISION_DELAY", "2s",
                "KYC_SANDBOX_CAPA_WEBHOOK_SCHEDULE", "0ms, 100ms,1m"));

        assertThat(settings).isEqualTo(new CapaSandboxSettings("key-1", "secret-1", "http://localhost:8080/v1/providers/capa/callbacks",
                Duration.ofSeconds(2), List.of(Duration.ZERO, Duration.ofMillis(100), Duration.ofMinutes(1))));
    }

    @Test
    void blankVariablesCountAsUnset() {
        assertThat(CapaSandboxSettings.fromConfig(Map.of("KYC_PROVIDER_CAPA_API_KEY", " ", "KYC_SANDBOX_CAPA_WEBHOOK_URL", "")))
                .isEqualTo(CapaSandboxSettings.defaults());
    }

    @Test
    void anUnusableValueStopsTheStartNamingItsVariable() {
        assertThatThrownBy(() -> CapaSandboxSettings.fromConfig(Map.of("KYC_SANDBOX_CAPA_WEBHOOK_URL", "ftp://example.com/x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_SANDBOX_CAPA_WEBHOOK_URL");
        assertThatThrownBy(() -> CapaSandboxSettings.fromConfig(Map.of("KYC_SANDBOX_CAPA_DECISION_DELAY", "soon")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_SANDBOX_CAPA_DECISION_DELAY");
        assertThatThrownBy(() -> CapaSandboxSettings.fromConfig(Map.of("KYC_SANDBOX_CAPA_WEBHOOK_SCHEDULE", "0s,-1s")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("webhookSchedule");
    }

    @Test
    void theCredentialsNeverShowInTheTextForm() {
        assertThat(new CapaSandboxSettings("key-1", "secret-1", null, Duration.ZERO, List.of(Duration.ZERO)).toString())
                .doesNotContain("key-1", "secret-1");
    }
}
