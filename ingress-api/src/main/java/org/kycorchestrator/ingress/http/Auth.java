package org.kycorchestrator.ingress.http;

import java.util.Objects;

import io.javalin.http.Context;
import org.kycorchestrator.ingress.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;

/** Identifies the tenant of a request by its {@code x-api-key} header. */
public final class Auth {

    private final Tenants tenants;

    public Auth(final Tenants tenants) {
        this.tenants = Objects.requireNonNull(tenants, "tenants cannot be null");
    }

    public Tenant tenant(final Context ctx) {
        return tenants.byApiKey(ctx.header("x-api-key")).orElseThrow(ApiError::unauthorized);
    }
}
