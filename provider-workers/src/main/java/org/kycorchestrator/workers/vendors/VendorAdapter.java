package org.kycorchestrator.workers.vendors;

import java.util.concurrent.CompletableFuture;

import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.ApplicantCreated;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.StatusObserved;

/**
 * One vendor's API, turned into our records and back. An adapter does nothing else: retries,
 * routing and publishing live in the worker. A refused or failed call completes exceptionally
 * with a {@link VendorCallException} carrying the vendor's own code and message.
 */
public interface VendorAdapter {

    Vendor vendor();

    /**
     * Creates or updates the vendor-side user profile, with the accepted agreements where present;
     * calling it twice never creates two.
     */
    CompletableFuture<Void> createProfile(ProviderRequest request, CreateVendorProfile profile);

    /**
     * Creates the vendor-side KYC applicant, or returns the existing one; calling it twice never
     * creates two. The applicant id is {@code null} when the vendor does not tell it.
     */
    CompletableFuture<ApplicantCreated> createApplicant(ProviderRequest request);

    CompletableFuture<LinkIssued> requestLink(ProviderRequest request, IssueLink link);

    CompletableFuture<Void> startVerification(ProviderRequest request);

    CompletableFuture<StatusObserved> fetchStatus(ProviderRequest request);
}
