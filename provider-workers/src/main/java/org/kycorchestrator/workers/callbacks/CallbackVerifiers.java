package org.kycorchestrator.workers.callbacks;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

import org.kycorchestrator.config.Config;
import org.kycorchestrator.workers.capa.CapaCallbackVerifier;
import org.kycorchestrator.workers.grid.GridCallbackVerifier;
import org.kycorchestrator.workers.xgateway.XGatewayCallbackVerifier;

/** The callback checks of every vendor whose callback secret or key is configured. */
public final class CallbackVerifiers {

    private CallbackVerifiers() {
    }

    /** @param http for Grid's verifier, which looks up whose webhook it is when Grid names only its own id */
    public static List<VendorCallbackVerifier> fromConfig(final Config config, final HttpClient http) {
        final List<VendorCallbackVerifier> verifiers = new ArrayList<>();
        config.find("KYC_PROVIDER_XGATEWAY_SECRET").ifPresent(secret -> verifiers.add(new XGatewayCallbackVerifier(secret)));
        CapaCallbackVerifier.fromConfig(config).ifPresent(verifiers::add);
        GridCallbackVerifier.fromConfig(config, http).ifPresent(verifiers::add);
        return verifiers;
    }
}
