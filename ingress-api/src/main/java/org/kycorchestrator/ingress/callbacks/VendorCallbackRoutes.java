package org.kycorchestrator.ingress.callbacks;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.kafka.Publisher;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.CallbackReceived;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.workers.callbacks.CallbackTrigger;
import org.kycorchestrator.workers.callbacks.VendorCallbackVerifier;

/**
 * {@code POST /v1/providers/{vendor}/callbacks}: vendors call us here. A callback is checked as
 * its vendor documents, then published as a trigger; the case moves only after the worker has
 * re-read the vendor's status.
 */
public final class VendorCallbackRoutes {

    private final Map<String, VendorCallbackVerifier> verifiers = new HashMap<>();
    private final KycTopics topics;
    private final Publisher publisher;
    private final Clock clock;
    private final RecentCallbacks recent = new RecentCallbacks(100_000);

    public VendorCallbackRoutes(final List<VendorCallbackVerifier> verifiers, final KycTopics topics,
                                final Publisher publisher, final Clock clock) {
        verifiers.forEach(v -> this.verifiers.put(v.vendor().name().toLowerCase(Locale.ROOT), v));
        this.topics = Objects.requireNonNull(topics, "topics cannot be null");
        this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    public void register(final RoutesConfig routes) {
        routes.post("/v1/providers/{vendor}/callbacks", this::receive);
    }

    private void receive(final Context ctx) {
        final String vendorName = ctx.pathParam("vendor").toLowerCase(Locale.ROOT);
        final VendorCallbackVerifier verifier = verifiers.get(vendorName);
        if (verifier == null) {
            throw ApiError.notFound("no callbacks are expected from " + vendorName);
        }
        final byte[] body = ctx.bodyAsBytes();
        final Map<String, String> headers = new HashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        final CallbackTrigger trigger = verifier.verify(headers, body)
                .orElseThrow(() -> new ApiError(401, "unauthorized", "the callback's signature does not verify"));
        // The vendor's own event id where it sends one; the body otherwise (xGateway and Capa send none).
        final String callbackId = vendorName + ":" + (trigger.eventId() != null ? trigger.eventId() : UUID.nameUUIDFromBytes(body).toString());
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
}
