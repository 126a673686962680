package org.kycorchestrator.orchestrator.queries;

import java.util.Objects;

import io.javalin.config.RoutesConfig;
import org.kycorchestrator.kafka.AvroJson;

/**
 * {@code GET /internal/v1/cases/{id}}: how ingress instances, and orchestrator instances among
 * themselves, ask for a case. Any instance answers, forwarding to the owner; with
 * {@code ?scope=local} (a forwarded question) only the owner answers, so questions never loop. The
 * answer is the case view in Avro's JSON encoding; 404 when there is none; 503 while it cannot be
 * answered. It is for the cluster's own network, not for merchants, and needs the cluster's
 * internal token ({@code KYC_INTERNAL_TOKEN}) in {@code x-kyc-internal-token}.
 */
public final class CaseQueryRoutes {

    private final CaseQueries queries;

    public CaseQueryRoutes(final CaseQueries queries) {
        this.queries = Objects.requireNonNull(queries, "queries cannot be null");
    }

    public void register(final RoutesConfig routes) {
        routes.get(CaseQueries.INTERNAL_PATH + "{id}", ctx -> {
            if (!queries.isInternalToken(ctx.header(CaseQueries.TOKEN_HEADER))) {
                ctx.status(401).contentType("application/json")
                        .result("{\"success\":false,\"errors\":[{\"code\":\"unauthorized\",\"message\":\"internal route\"}]}");
                return;
            }
            final String id = ctx.pathParam("id");
            final CaseLookup lookup = "local".equals(ctx.queryParam("scope")) ? queries.findLocally(id) : queries.find(id);
            if (lookup instanceof CaseLookup.Found found) {
                ctx.status(200).contentType("application/json").result(AvroJson.write(found.view()));
            } else if (lookup instanceof CaseLookup.NotFound) {
                ctx.status(404).contentType("application/json").result("{\"success\":false,\"errors\":[{\"code\":\"not_found\",\"message\":\"no such case\"}]}");
            } else {
                ctx.status(503).header("Retry-After", "1").contentType("application/json")
                        .result("{\"success\":false,\"errors\":[{\"code\":\"service_unavailable\",\"message\":\"not the owner right now\"}]}");
            }
        });
    }
}
