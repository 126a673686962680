package org.kycorchestrator.ingress.http;

import java.util.Map;
import java.util.function.BooleanSupplier;

import io.javalin.config.RoutesConfig;

/** {@code /health/live} answers while the process runs; {@code /health/ready} only once it can serve. */
public final class Health {

    private Health() {
    }

    public static void register(final RoutesConfig routes, final BooleanSupplier ready) {
        routes.get("/health/live", ctx -> Envelope.success(ctx, 200, Map.of("status", "UP")));
        routes.get("/health/ready", ctx -> {
            if (ready.getAsBoolean()) {
                Envelope.success(ctx, 200, Map.of("status", "READY"));
            } else {
                Envelope.error(ctx, ApiError.serviceUnavailable("not ready yet"));
            }
        });
    }
}
