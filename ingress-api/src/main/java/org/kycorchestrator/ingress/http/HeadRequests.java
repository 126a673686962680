package org.kycorchestrator.ingress.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;

/**
 * HEAD is not part of the merchant API. Javalin answers a HEAD to any GET route with 200 without
 * running the route, so without checking the key or whether the customer exists: an answer that
 * is not true. It is refused with 405 instead, before anything runs. Health checks keep their HEAD.
 */
public final class HeadRequests {

    private HeadRequests() {
    }

    public static void register(final RoutesConfig routes) {
        routes.before(ctx -> {
            if (ctx.method() == HandlerType.HEAD && MerchantRoutes.contains(ctx.path())) {
                throw new ApiError(405, "method_not_allowed", "HEAD is not supported by the merchant API; use GET");
            }
        });
    }
}
