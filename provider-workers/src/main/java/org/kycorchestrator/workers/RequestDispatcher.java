package org.kycorchestrator.workers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Timer;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.CreateVendorApplicant;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.FetchStatus;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkFailed;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.schemas.providers.VendorError;
import org.kycorchestrator.schemas.providers.VendorProfileCreated;
import org.kycorchestrator.schemas.providers.VerificationStarted;
import org.kycorchestrator.workers.accounts.VendorAccounts;
import org.kycorchestrator.workers.resilience.VendorGuards;
import org.kycorchestrator.workers.vendors.VendorAdapter;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * Turns one provider request into one provider result: picks the adapter of the account that serves
 * the tenant at the vendor ({@link VendorAccounts}), retries what the vendor may recover from, and
 * reports every failure as a result rather than an exception, so that the orchestrator always hears back. A failed link request becomes a {@link LinkFailed}, which
 * the orchestrator passes on to the merchant waiting for the link; any other failure becomes a
 * {@link VendorError}.
 */
final class RequestDispatcher {

    private final VendorAccounts accounts;
    private final VendorGuards guards;
    private final Clock clock;
    private final VendorMeters meters;

    /** Calls every vendor with the deployment's account. */
    RequestDispatcher(final Map<Vendor, VendorAdapter> adapters, final VendorGuards guards, final Clock clock, final VendorMeters meters) {
        this(VendorAccounts.deploymentOnly(List.copyOf(adapters.values())), guards, clock, meters);
    }

    RequestDispatcher(final VendorAccounts accounts, final VendorGuards guards, final Clock clock, final VendorMeters meters) {
        this.accounts = Objects.requireNonNull(accounts, "accounts cannot be null");
        this.guards = Objects.requireNonNull(guards, "guards cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.meters = Objects.requireNonNull(meters, "meters cannot be null");
    }

    /**
     * What became of a request: the result for the orchestrator and, when the vendor stayed
     * unavailable through every retry, why the request itself must go to the dead-letter topic.
     */
    record Dispatched(ProviderResult result, String deadLetterReason) {
    }

    CompletableFuture<Dispatched> dispatch(final ProviderRequest request) {
        final Timer.Sample timing = meters.started();
        // The tenant's own account at the vendor, or the deployment's: link, verification, polling and uploads alike.
        final VendorAdapter adapter = accounts.adapterFor(request.getTenantId(), request.getVendor()).orElse(null);
        if (adapter == null) {
            meters.ended(timing, request.getVendor(), request.getPayload(), VendorMeters.Outcome.NOT_CONFIGURED);
            return CompletableFuture.completedFuture(new Dispatched(result(request, failure(request, new VendorError("dispatch", 501,
                    "not_implemented", request.getVendor() + " is not configured in this worker", false))), null));
        }
        return guards.call(request.getVendor(), () -> call(adapter, request))
                .thenApply(payload -> {
                    meters.ended(timing, request.getVendor(), request.getPayload(), VendorMeters.Outcome.ANSWERED);
                    return new Dispatched(result(request, payload), null);
                })
                .exceptionally(failure -> {
                    final boolean unavailable = VendorGuards.isVendorTrouble(failure) || isCircuitOpen(failure);
                    meters.ended(timing, request.getVendor(), request.getPayload(),
                            unavailable ? VendorMeters.Outcome.UNAVAILABLE : VendorMeters.Outcome.REFUSED);
                    return unavailable ? unavailable(request, failure)
                            : new Dispatched(result(request, failure(request, asVendorError(failure))), null);
                });
    }

    /** Every retry is spent: the case learns the vendor is unavailable, and the request is kept. */
    private Dispatched unavailable(final ProviderRequest request, final Throwable failure) {
        final VendorError last = asVendorError(failure);
        final VendorError error = new VendorError(last.getOperation(), last.getHttpStatus(), "vendor_unavailable",
                request.getVendor() + " stayed unavailable through every retry: " + last.getCode() + " " + last.getMessage(), true);
        return new Dispatched(result(request, error), "vendor unavailable after every retry: " + last.getCode() + " " + last.getMessage());
    }

    private static boolean isCircuitOpen(final Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof CallNotPermittedException;
    }

    private static CompletableFuture<Object> call(final VendorAdapter adapter, final ProviderRequest request) {
        final Object payload = request.getPayload();
        if (payload instanceof CreateVendorProfile create) {
            return widen(() -> adapter.createProfile(request, create).thenApply(v -> new VendorProfileCreated()));
        }
        if (payload instanceof CreateVendorApplicant) {
            return widen(() -> adapter.createApplicant(request));
        }
        if (payload instanceof IssueLink link) {
            return widen(() -> adapter.requestLink(request, link));
        }
        if (payload instanceof BeginVerification) {
            return widen(() -> adapter.startVerification(request).thenApply(v -> new VerificationStarted()));
        }
        if (payload instanceof FetchStatus) {
            return widen(() -> adapter.fetchStatus(request));
        }
        return CompletableFuture.failedFuture(new VendorCallException("dispatch", 400, "bad_request",
                "unknown provider request " + payload.getClass().getSimpleName()));
    }

    private static CompletableFuture<Object> widen(final Supplier<? extends CompletableFuture<?>> call) {
        return call.get().thenApply(value -> value);
    }

    /** Reached once retrying is over: the failure was not retryable, or the attempts ran out. */
    private static Object failure(final ProviderRequest request, final VendorError error) {
        if (request.getPayload() instanceof IssueLink) {
            return new LinkFailed(error.getHttpStatus(), error.getCode(), error.getMessage());
        }
        return error;
    }

    private static VendorError asVendorError(final Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof VendorCallException e) {
            return new VendorError(e.operation(), e.httpStatus(), e.code(), e.getMessage(), e.retryable());
        }
        if (cause instanceof CallNotPermittedException) {
            return new VendorError("dispatch", 503, "circuit_open", cause.getMessage(), true);
        }
        return new VendorError("dispatch", 0, "internal_server_error", cause.getClass().getSimpleName(), false);
    }

    private ProviderResult result(final ProviderRequest request, final Object payload) {
        return ProviderResult.newBuilder()
                // The same request always yields the same result id, so a redelivered request is recognisable.
                .setResultId(UUID.nameUUIDFromBytes((request.getRequestId() + ":result").getBytes(StandardCharsets.UTF_8)).toString())
                .setRequestId(request.getRequestId())
                .setCommandId(request.getCommandId())
                .setCustomerId(request.getCustomerId())
                .setVendor(request.getVendor())
                .setObservedAt(clock.instant())
                .setPayload(payload)
                .build();
    }
}
