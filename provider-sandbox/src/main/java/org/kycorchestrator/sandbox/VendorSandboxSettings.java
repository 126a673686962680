package org.kycorchestrator.sandbox;

import java.util.Map;
import java.util.Objects;

import org.kycorchestrator.sandbox.capa.CapaSandboxSettings;
import org.kycorchestrator.sandbox.grid.GridSettings;
import org.kycorchestrator.sandbox.paycc.PayccSandboxSettings;

/** The settings of the simulated vendors that have their own (xGateway's are in {@link SandboxSettings}). */
public record VendorSandboxSettings(PayccSandboxSettings paycc, CapaSandboxSettings capa, GridSettings grid) {

    public VendorSandboxSettings {
        Objects.requireNonNull(paycc, "paycc cannot be null");
        Objects.requireNonNull(capa, "capa cannot be null");
        Objects.requireNonNull(grid, "grid cannot be null");
    }

    public static VendorSandboxSettings defaults() {
        return new VendorSandboxSettings(PayccSandboxSettings.defaults(), CapaSandboxSettings.defaults(), GridSettings.defaults());
    }

    public static VendorSandboxSettings fromConfig(final Map<String, String> env) {
        return new VendorSandboxSettings(PayccSandboxSettings.fromConfig(env), CapaSandboxSettings.fromConfig(env), GridSettings.fromConfig(env));
    }

    public VendorSandboxSettings withPaycc(final PayccSandboxSettings settings) {
        return new VendorSandboxSettings(settings, capa, grid);
    }

    public VendorSandboxSettings withCapa(final CapaSandboxSettings settings) {
        return new VendorSandboxSettings(paycc, settings, grid);
    }

    public VendorSandboxSettings withGrid(final GridSettings settings) {
        return new VendorSandboxSettings(paycc, capa, settings);
    }
}
