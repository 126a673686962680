package org.kycorchestrator.ingress.http;

import java.time.Duration;
import java.util.Objects;

import io.javalin.http.Context;
import org.kycorchestrator.ingress.tenants.RateLimits;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;

/**
 * Identifies the tenant of a request by its {@code x-api-key} header (401 when it names none) and
 * takes a token from the tenant's bucket (429 with {@code Retry-After} when it is empty). Asked
 * twice in one request, it answers the same tenant without taking a second token.
 */
public final class Auth {

    private static final String TENANT = Auth.class.getName() + ".tenant";

    private final Tenants tenants;
    private final RateLimits rateLimits = new RateLimits();

    public Auth(final Tenants tenants) {
        this.tenants = Objects.requireNonNull(tenants, "tenants cannot be null");
    }

    public Tenant tenant(final Context ctx) {
        final Tenant known = ctx.attribute(TENANT);
        if (known != null) {
            return known;
        }
        final Tenant tenant = tenants.byApiKey(ctx.header("x-api-key")).orElseThrow(ApiError::unauthorized);
        rateLimits.take(tenant).ifPresent(wait -> {
            ctx.header("Retry-After", Long.toString(wholeSecondsAtLeastOne(wait)));
            throw new ApiError(429, "too_many_requests", "the rate limit of this API key's tenant is reached; retry after "
                    + wholeSecondsAtLeastOne(wait) + " s");
        });
        ctx.attribute(TENANT, tenant);
        return tenant;
    }

    private static long wholeSecondsAtLeastOne(final Duration wait) {
        final long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
