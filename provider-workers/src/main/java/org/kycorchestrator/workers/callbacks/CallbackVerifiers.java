package org.kycorchestrator.workers.callbacks;

import java.util.ArrayList;
import java.util.List;

import org.kycorchestrator.config.Config;
import org.kycorchestrator.workers.capa.CapaCallbackVerifier;
import org.kycorchestrator.workers.xgateway.XGatewayCallbackVerifier;

/** The callback checks of every vendor whose callback secret or key is configured. */
public final class CallbackVerifiers {

    private CallbackVerifiers() {
    }

    public static List<VendorCallbackVerifier> fromConfig(final Config config) {
        final List<VendorCallbackVerifier> verifiers = new ArrayList<>();
        config.find("KYC_PROVIDER_XGATEWAY_SECRET").ifPresent(secret -> verifiers.add(new XGatewayCallbackVerifier(secret)));
        CapaCallbackVerifier.fromConfig(config).ifPresent(verifiers::add);
        return verifiers;
    }
}
