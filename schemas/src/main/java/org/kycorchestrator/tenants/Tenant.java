package org.kycorchestrator.tenants;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.kycorchestrator.schemas.Vendor;

/**
 * A merchant using the API. Every customer and webhook endpoint belongs to exactly one tenant.
 *
 * @param id          the tenant's id, recorded on every command, case and endpoint
 * @param rateLimit   its token bucket; empty: no limit (the embedded demo tenant)
 * @param routing     which vendor verifies its new customers
 * @param credentials its own vendor accounts, where it does not use the deployment's
 */
public record Tenant(String id, Optional<RateLimit> rateLimit, VendorRouting routing, Map<Vendor, VendorCredentials> credentials) {

    public Tenant {
        Objects.requireNonNull(id, "id cannot be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id cannot be blank");
        }
        Objects.requireNonNull(rateLimit, "rateLimit cannot be null");
        Objects.requireNonNull(routing, "routing cannot be null");
        credentials = Map.copyOf(Objects.requireNonNull(credentials, "credentials cannot be null"));
        credentials.forEach((vendor, given) -> {
            if (given.vendor() != vendor) {
                throw new IllegalArgumentException(vendor + " cannot use " + given.vendor() + " credentials");
            }
        });
    }

    /** A tenant without a rate limit or credentials of its own, routed like the demo tenant. */
    public Tenant(final String id) {
        this(id, Optional.empty(), VendorRouting.demo(), Map.of());
    }

    /** Its own credentials at the vendor, if it has some. */
    public Optional<VendorCredentials> credentialsFor(final Vendor vendor) {
        return Optional.ofNullable(credentials.get(vendor));
    }
}
