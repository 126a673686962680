package org.kycorchestrator.sandbox.paycc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PayccSandboxSettingsTest {

    @Test
    void anEmptyEnvironmentGivesTheDefaults() {
        assertThat(PayccSandboxSettings.fromConfig(Map.of())).isEqualTo(PayccSandboxSettings.defaults())
                .isEqualTo(new PayccSandboxSettings("sandbox-paycc-user", "sandbox-paycc-password", "MIDSANDBOX0001", 1));
    }

    @Test
    void everyVariableIsRead() {
        final PayccSandboxSettings settings = PayccSandboxSettings.fromConfig(Map.of(
                "KYC_PROVIDER_PAYCC_USER", "user-1",
                "KYC_PROVIDER_PAYCC_PASSWORD", "password-1",
                "KYC_PROVIDER_PAYCC_MERCHANT_CODE", "MID693000000001",
                "KYC_SANDBOX_PAYCC_PENDING_POLLS", "3"));

        assertThat(settings).isEqualTo(new PayccSandboxSettings("user-1", "password-1", "MID693000000001", 3));
    }

    @Test
    void blankValuesCountAsUnset() {
        final PayccSandboxSettings settings = PayccSandboxSettings.fromConfig(Map.of(
                "KYC_PROVIDER_PAYCC_USER", " ", "KYC_PROVIDER_PAYCC_MERCHANT_CODE", "", "KYC_SANDBOX_PAYCC_PENDING_POLLS", ""));

        assertThat(settings).isEqualTo(PayccSandboxSettings.defaults());
    }

    @Test
    void anUnusableValueIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> PayccSandboxSettings.fromConfig(Map.of("KYC_SANDBOX_PAYCC_PENDING_POLLS", "two")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_SANDBOX_PAYCC_PENDING_POLLS");
        assertThatThrownBy(() -> PayccSandboxSettings.fromConfig(Map.of("KYC_SANDBOX_PAYCC_PENDING_POLLS", "-1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_SANDBOX_PAYCC_PENDING_POLLS");
        assertThatThrownBy(() -> PayccSandboxSettings.fromConfig(Map.of("KYC_PROVIDER_PAYCC_MERCHANT_CODE", "M".repeat(21))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_PROVIDER_PAYCC_MERCHANT_CODE");
        assertThatThrownBy(() -> PayccSandboxSettings.fromConfig(Map.of("KYC_PROVIDER_PAYCC_USER", "a:b")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_PROVIDER_PAYCC_USER");
    }

    @Test
    void thePasswordStaysOutOfToString() {
        assertThat(new PayccSandboxSettings("user-1", "s3cret-password", "MID1", 1).toString())
                .doesNotContain("s3cret-password").contains("user-1");
    }
}
