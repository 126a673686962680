package org.kycorchestrator.app.eos;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.kycorchestrator.schemas.HostedLink;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.ApplicantCreated;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.workers.vendors.VendorAdapter;

/**
 * An xGateway that answers every call at once and never calls back: the verdict only reaches the
 * orchestrator when its verification timeout makes it poll, so the timers are on the path of every
 * customer. The verdict is {@link Customers#finalState}.
 */
final class InstantXGateway implements VendorAdapter {

    @Override
    public Vendor vendor() {
        return Vendor.XGATEWAY;
    }

    @Override
    public CompletableFuture<Void> createProfile(final ProviderRequest request, final CreateVendorProfile profile) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<ApplicantCreated> createApplicant(final ProviderRequest request) {
        return CompletableFuture.completedFuture(new ApplicantCreated("app-" + request.getCustomerId()));
    }

    /** A link without expiry, so no link timer competes with the verification timer. */
    @Override
    public CompletableFuture<LinkIssued> requestLink(final ProviderRequest request, final IssueLink link) {
        return CompletableFuture.completedFuture(
                new LinkIssued(new HostedLink("https://xgateway.test/checkout/" + request.getCustomerId(), null), null));
    }

    @Override
    public CompletableFuture<Void> startVerification(final ProviderRequest request) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<StatusObserved> fetchStatus(final ProviderRequest request) {
        final KycState verdict = Customers.finalState(request.getCustomerId());
        return CompletableFuture.completedFuture(StatusObserved.newBuilder()
                .setVendorStatus(verdict == KycState.APPROVED ? "FULL_USER" : "HARD_KYC_FAILED")
                .setState(verdict)
                .setDocsMissing(List.of())
                .setRejectLabels(List.of())
                .build());
    }
}
