package org.kycorchestrator.workers;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

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
 * A vendor that records every call (its name and the payload it was given) and answers it at
 * once: with the queued failures first, then with a fixed success.
 */
final class FakeVendorAdapter implements VendorAdapter {

    record Call(String name, Object argument) {
    }

    static final String LINK_URL = "https://checkout.example/s/1";
    static final String APPLICANT_ID = "65f1c0ffee0ddba11c0ffee1";

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();

    /** The next {@code times} calls fail with {@code failure}. */
    FakeVendorAdapter failNext(final int times, final RuntimeException failure) {
        for (int i = 0; i < times; i++) {
            failures.add(failure);
        }
        return this;
    }

    List<Call> calls() {
        return calls;
    }

    List<String> callNames() {
        return calls.stream().map(Call::name).toList();
    }

    @Override
    public Vendor vendor() {
        return Vendor.XGATEWAY;
    }

    @Override
    public CompletableFuture<Void> createProfile(final ProviderRequest request, final CreateVendorProfile profile) {
        return answer("createProfile", profile, null);
    }

    @Override
    public CompletableFuture<ApplicantCreated> createApplicant(final ProviderRequest request) {
        return answer("createApplicant", null, new ApplicantCreated(APPLICANT_ID));
    }

    @Override
    public CompletableFuture<LinkIssued> requestLink(final ProviderRequest request, final IssueLink link) {
        return answer("requestLink", link, new LinkIssued(new HostedLink(LINK_URL, null), null));
    }

    @Override
    public CompletableFuture<Void> startVerification(final ProviderRequest request) {
        return answer("startVerification", null, null);
    }

    @Override
    public CompletableFuture<StatusObserved> fetchStatus(final ProviderRequest request) {
        return answer("fetchStatus", null, StatusObserved.newBuilder().setVendorStatus("FULL_USER")
                .setState(KycState.APPROVED).build());
    }

    private <T> CompletableFuture<T> answer(final String name, final Object argument, final T success) {
        calls.add(new Call(name, argument));
        final RuntimeException failure = failures.poll();
        return failure == null ? CompletableFuture.completedFuture(success) : CompletableFuture.failedFuture(failure);
    }
}
