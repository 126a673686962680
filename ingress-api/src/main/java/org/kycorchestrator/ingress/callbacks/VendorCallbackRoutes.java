package org.kycorchestrator.ingress.callbacks;

import java.time.Clock;
import java.util.HashMap;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.kafka.Publisher;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.CallbackReceived;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.workers.callbacks.CallbackAccounts;
import org.kycorchestrator.workers.callbacks.CallbackTrigger;
import org.kycorchestrator.workers.callbacks.VendorCallbackVerifier;

/**
 * {@code POST /v1/providers/{vendor}/callbacks}: the deployment's vendor accounts call us here, and
 * a tenant's own account at {@code /v1/providers/{vendor}/callbacks/{tenantId}}. A callback is
 * checked as its vendor documents, with the secret of the account its URL names; then the customer
 * it names must be one that account serves (a customer of that tenant, or for the deployment's
 * account a customer of a tenant without its own account at the vendor), so one tenant's secret can
 * never move another tenant's customer. It is then published as a trigger; the case moves only
 * after the worker has re-read the vendor's status.
 */
public final class VendorCallbackRoutes {

    private final CallbackAccounts accounts;
    private final CaseReader cases;
    private final Function<String, Optional<Tenant>> tenants;
    private final KycTopics topics;
    private final Publisher publisher;
    private final Clock clock;
    private final RecentCallbacks recent = new RecentCallbacks(100_000);

    /**
     * @param cases   where the customer a callback names is looked up, to learn its tenant
     * @param tenants the tenant of an id, to learn whether it has its own account at the vendor
     */
    public VendorCallbackRoutes(final CallbackAccounts accounts, final CaseReader cases, final Function<String, Optional<Tenant>> tenants,
                                final KycTopics topics, final Publisher publisher, final Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts cannot be null");
        this.cases = Objects.requireNonNull(cases, "cases cannot be null");
        this.tenants = Objects.requireNonNull(tenants, "tenants cannot be null");
        this.topics = Objects.requireNonNull(topics, "topics cannot be null");
        this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    public void register(final RoutesConfig routes) {
        routes.post("/v1/providers/{vendor}/callbacks", ctx -> receive(ctx, null));
        routes.post("/v1/providers/{vendor}/callbacks/{tenantId}", ctx -> receive(ctx, ctx.pathParam("tenantId")));
    }

    /** @param tenantId the tenant whose own account sent the callback; {@code null}: the deployment's account */
    private void receive(final Context ctx, final String tenantId) {
        final String vendorName = ctx.pathParam("vendor").toLowerCase(Locale.ROOT);
        final VendorCallbackVerifier verifier = vendor(vendorName)
                .flatMap(vendor -> tenantId == null ? accounts.deployment(vendor) : accounts.ofTenant(tenantId, vendor))
                .orElseThrow(() -> ApiError.notFound("no callbacks are expected from " + vendorName + (tenantId == null ? "" : " for this account")));
        final byte[] body = ctx.bodyAsBytes();
        final Map<String, String> headers = new HashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        final CallbackTrigger trigger = verifier.verify(headers, body)
                .orElseThrow(() -> new ApiError(401, "unauthorized", "the callback's signature does not verify"));
        requireServedBy(tenantId, verifier.vendor(), trigger.customerId());
        // The vendor's own event id where it sends one; the body otherwise (xGateway and Capa send none).
        final String callbackId = vendorName + ":" + (tenantId == null ? "" : tenantId + ":")
                + (trigger.eventId() != null ? trigger.eventId() : UUID.nameUUIDFromBytes(body).toString());
        if (!recent.firstTime(callbackId)) {
            // Grid stops retrying on 409; the others need a 2xx to stop.
            if (verifier.vendor() == Vendor.GRID) {
                throw new ApiError(409, "conflict", "this callback was received already");
            }
            Envelope.success(ctx, 200, Map.of("received", true, "duplicate", true));
            return;
        }
        final ProviderResult result = ProviderResult.newBuilder()
                .setResultId(UUID.nameUUIDFromBytes(callbackId.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                .setCustomerId(trigger.customerId())
                .setVendor(verifier.vendor())
                .setObservedAt(clock.instant())
                .setPayload(new CallbackReceived(trigger.claimedStatus()))
                .build();
        ctx.future(() -> publisher.publish(topics.providerResults(), trigger.customerId(), result)
                .whenComplete((published, failure) -> {
                    if (failure != null) {
                        recent.forget(callbackId);
                    }
                })
                .thenAccept(published -> Envelope.success(ctx, 200, Map.of("received", true))));
    }

    /**
     * Refuses a callback about a customer the account does not serve: another tenant's, a customer of
     * a tenant with its own account when the deployment's signed it, or no customer of ours at all.
     */
    private void requireServedBy(final String tenantId, final Vendor vendor, final String customerId) {
        final CaseReader.Result result = cases.read(customerId);
        if (result instanceof CaseReader.Unavailable) {
            // The vendor sends it again later.
            throw ApiError.serviceUnavailable("the case cannot be read right now; try again");
        }
        final boolean served = result instanceof CaseReader.Found found && (tenantId != null
                ? tenantId.equals(found.view().getTenantId())
                : tenants.apply(found.view().getTenantId()).map(tenant -> tenant.credentialsFor(vendor).isEmpty()).orElse(true));
        if (!served) {
            throw new ApiError(403, "forbidden", "the account that signed this callback does not serve the customer it names");
        }
    }

    private static Optional<Vendor> vendor(final String name) {
        return Arrays.stream(Vendor.values()).filter(vendor -> vendor.name().equalsIgnoreCase(name)).findFirst();
    }
}
