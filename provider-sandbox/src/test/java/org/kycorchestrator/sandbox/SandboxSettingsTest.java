package org.kycorchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SandboxSettingsTest {

    @Test
    void anEmptyEnvironmentGivesTheDefaults() {
        final SandboxSettings settings = SandboxSettings.fromConfig(Map.of());

        assertThat(settings).isEqualTo(new SandboxSettings(8090, "sandbox-xgateway-key", "sandbox-xgateway-secret",
                null, Duration.ofMillis(200)));
    }

    @Test
    void everyVariableIsRead() {
        final SandboxSettings settings = SandboxSettings.fromConfig(Map.of(
                "KYC_SANDBOX_PORT", "9100",
                "KYC_PROVIDER_XGATEWAY_API_KEY", "key-1",
                "KYC_PROVIDER_XGATEWAY_SECRET", "secret-1",
                "KYC_SANDBOX_XGATEWAY_CALLBACK_URL", "http://localhost:8080/callbacks/xgateway",
                "KYC_SANDBOX_CALLBACK_DELAY", "2s"));

        assertThat(settings).isEqualTo(new SandboxSettings(9100, "key-1", "secret-1",
                "http://localhost:8080/callbacks/xgateway", Duration.ofSeconds(2)));
    }

    @Test
    void blankValuesCountAsUnset() {
        final SandboxSettings settings = SandboxSettings.fromConfig(Map.of(
                "KYC_SANDBOX_PORT", " ", "KYC_SANDBOX_XGATEWAY_CALLBACK_URL", "", "KYC_SANDBOX_CALLBACK_DELAY", ""));

        assertThat(settings.port()).isEqualTo(8090);
        assertThat(settings.xgatewayCallbackUrl()).isNull();
        assertThat(settings.callbackDelay()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void delaysAreWrittenWithAUnit() {
        assertThat(SettingsValues.parseDuration("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(SettingsValues.parseDuration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(SettingsValues.parseDuration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(SettingsValues.parseDuration("0ms")).isZero();
    }

    @Test
    void anUnusableValueIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> SandboxSettings.fromConfig(Map.of("KYC_SANDBOX_CALLBACK_DELAY", "soon")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_SANDBOX_CALLBACK_DELAY");
        assertThatThrownBy(() -> SandboxSettings.fromConfig(Map.of("KYC_SANDBOX_CALLBACK_DELAY", "200")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_SANDBOX_CALLBACK_DELAY");
        assertThatThrownBy(() -> SandboxSettings.fromConfig(Map.of("KYC_SANDBOX_PORT", "eighty")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_SANDBOX_PORT");
        assertThatThrownBy(() -> SandboxSettings.fromConfig(Map.of("KYC_SANDBOX_XGATEWAY_CALLBACK_URL", "localhost:8080")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_SANDBOX_XGATEWAY_CALLBACK_URL");
    }

    @Test
    void theCredentialsNeverShowInToString() {
        final SandboxSettings settings = new SandboxSettings(0, "the-api-key", "the-secret", null, Duration.ZERO);

        assertThat(settings.toString()).doesNotContain("the-api-key").doesNotContain("the-secret");
    }
}
