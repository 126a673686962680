package org.kycorchestrator.sandbox;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * One vendor's simulated API, living under its own path prefix on the shared sandbox server. Each
 * vendor is a feature package ({@code org.kycorchestrator.sandbox.<vendor>}) with one
 * implementation of this interface, which {@link ProviderSandbox} registers.
 */
public interface VendorSimulator extends AutoCloseable {

    /** The path every route of this vendor starts with, e.g. {@code /xgateway}. */
    String pathPrefix();

    /** Registers the vendor's routes, filters and exception handlers for its own exception types. */
    void registerRoutes(RoutesConfig routes);

    /**
     * Answers a request under {@link #pathPrefix()} that failed outside the vendor's own handling (no
     * such route, an unexpected exception) in the vendor's documented error format.
     */
    void renderError(Context ctx, int status, String message);

    /**
     * The names of the accounts that hold a customer known by {@code id}: the vendor's own id of it,
     * or the one we gave it (see each simulator). For {@code GET /_admin/accounts/{vendor}/{id}}.
     */
    java.util.List<String> accountsHolding(String id);

    /** Stops whatever the vendor has in flight (callbacks); the shared scheduler is closed by the sandbox. */
    @Override
    void close();
}
