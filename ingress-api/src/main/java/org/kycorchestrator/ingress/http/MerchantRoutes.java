package org.kycorchestrator.ingress.http;

import java.util.List;

/** The paths of the merchant API, as opposed to vendor callbacks, health checks and the embedded schema registry. */
final class MerchantRoutes {

    private static final List<String> PREFIXES = List.of("/v1/customers", "/v1/webhook-endpoints");

    private MerchantRoutes() {
    }

    static boolean contains(final String path) {
        return PREFIXES.stream().anyMatch(path::startsWith);
    }
}
