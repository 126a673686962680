package org.kycorchestrator.ingress.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.http.Envelope;

/**
 * {@code /health/live} answers 200 while the process serves HTTP at all; {@code /health/ready}
 * answers 200 with every check {@code UP} when the process can do its work, else 503 in the error
 * envelope, one {@code service_unavailable} error per reason, named by its check. Neither needs an
 * API key: load balancers and orchestrators call them.
 */
final class Health {

    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";

    private Health() {
    }

    static void register(final RoutesConfig routes, final Readiness readiness) {
        routes.get(LIVE, ctx -> Envelope.success(ctx, 200, Map.of("status", "UP")));
        routes.get(READY, ctx -> {
            final Map<String, List<String>> problems = readiness.problems();
            if (problems.isEmpty()) {
                final Map<String, String> checks = new LinkedHashMap<>();
                readiness.names().forEach(name -> checks.put(name, "UP"));
                Envelope.success(ctx, 200, Map.of("status", "READY", "checks", checks));
                return;
            }
            Envelope.error(ctx, new ApiError(503, problems.entrySet().stream()
                    .flatMap(check -> check.getValue().stream()
                            .map(reason -> new ApiError.Problem("service_unavailable", check.getKey() + ": " + reason)))
                    .toList()));
        });
    }
}
