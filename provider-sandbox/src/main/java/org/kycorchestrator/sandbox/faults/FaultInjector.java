package org.kycorchestrator.sandbox.faults;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Fault modes per vendor, switched at run time through the sandbox's admin endpoint, so that
 * tests can take a vendor down for as long as they need and bring it back:
 * {@code PUT /_admin/faults/{vendor}} with a {@link Faults} body, {@code DELETE} to heal it, and
 * {@code GET /_admin/faults} to see them all. {@code {vendor}} is the simulator's path prefix
 * without its slash: {@code xgateway}, {@code grid}, {@code paycc}, {@code capa}.
 */
public final class FaultInjector {

    public static final String ADMIN_PATH = "/_admin/faults";

    private final Map<String, Faults> byVendor = new ConcurrentHashMap<>();
    private final ObjectMapper json;

    public FaultInjector(final ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json cannot be null");
    }

    public void set(final String vendor, final Faults faults) {
        byVendor.put(vendor, Objects.requireNonNull(faults, "faults cannot be null"));
    }

    public void heal(final String vendor) {
        byVendor.remove(vendor);
    }

    public void register(final RoutesConfig routes) {
        routes.put(ADMIN_PATH + "/{vendor}", ctx -> {
            set(ctx.pathParam("vendor"), json.readValue(ctx.bodyAsBytes(), Faults.class));
            ctx.status(204);
        });
        routes.delete(ADMIN_PATH + "/{vendor}", ctx -> {
            heal(ctx.pathParam("vendor"));
            ctx.status(204);
        });
        routes.get(ADMIN_PATH, ctx -> ctx.contentType("application/json").result(json.writeValueAsBytes(byVendor)));
        routes.before(this::apply);
    }

    /** Runs before every vendor route: the fault, if any, answers instead of the vendor. */
    private void apply(final Context ctx) throws InterruptedException {
        final String path = ctx.path();
        if (path.startsWith(ADMIN_PATH) || path.length() < 2) {
            return;
        }
        final int end = path.indexOf('/', 1);
        final Faults faults = byVendor.get(end < 0 ? path.substring(1) : path.substring(1, end));
        if (faults == null) {
            return;
        }
        if (faults.latencyMs() > 0) {
            Thread.sleep(faults.latencyMs());
        }
        if (faults.timeoutMs() != null) {
            Thread.sleep(faults.timeoutMs());
        }
        if (faults.connectionReset()) {
            // Drop the connection under the request: the caller sees a reset, not an HTTP answer.
            ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint().close();
            throw new HttpResponseException(503, "Connection reset.");
        }
        if (faults.outage()) {
            throw new HttpResponseException(503, "Service unavailable.");
        }
        if (faults.rateLimitRetryAfterSeconds() != null) {
            ctx.header("Retry-After", String.valueOf(faults.rateLimitRetryAfterSeconds()));
            throw new HttpResponseException(429, "Too many requests.");
        }
        if (faults.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < faults.errorRate()) {
            throw new HttpResponseException(500, "Internal server error.");
        }
    }
}
