package org.kycorchestrator.orchestrator;

import java.time.Instant;
import java.util.List;

import org.kycorchestrator.schemas.HostedLink;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.RegisterCustomer;
import org.kycorchestrator.schemas.commands.RequestLink;
import org.kycorchestrator.schemas.commands.StartVerification;
import org.kycorchestrator.schemas.providers.CallbackReceived;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.schemas.providers.VendorError;
import org.kycorchestrator.schemas.providers.VerificationStarted;

/** Commands and vendor results as the ingress and the workers would publish them. */
public final class Fixtures {

    public static final String TENANT = "tenant-a";
    public static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private Fixtures() {
    }

    public static KycCommand register(final String customerId, final String commandId) {
        return command(customerId, commandId, new RegisterCustomer("ext-" + customerId, Vendor.XGATEWAY,
                new Profile("Ada", "Lovelace", "ada@example.com", "+442071234567", "GB", "1990-12-10", null, null, null, null), java.util.List.of()));
    }

    public static KycCommand requestLink(final String customerId, final String commandId) {
        return command(customerId, commandId, new RequestLink("en", null));
    }

    public static KycCommand createApplicant(final String customerId, final String commandId) {
        return command(customerId, commandId, new org.kycorchestrator.schemas.commands.CreateApplicant());
    }

    public static KycCommand acceptAgreements(final String customerId, final String commandId) {
        final String hash = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        return command(customerId, commandId, new org.kycorchestrator.schemas.commands.AcceptAgreements(hash, hash));
    }

    public static ProviderResult applicantCreated(final String customerId, final String commandId) {
        return result(customerId, commandId, new org.kycorchestrator.schemas.providers.ApplicantCreated("app-" + customerId));
    }

    public static KycCommand startVerification(final String customerId, final String commandId) {
        return command(customerId, commandId, new StartVerification());
    }

    public static KycCommand command(final String customerId, final String commandId, final Object payload) {
        return KycCommand.newBuilder().setCommandId(commandId).setTenantId(TENANT).setCustomerId(customerId)
                .setIssuedAt(T0).setPayload(payload).build();
    }

    public static ProviderResult linkIssued(final String customerId, final String commandId) {
        return result(customerId, commandId, new LinkIssued(new HostedLink("https://checkout.example/abc", null), null));
    }

    public static ProviderResult verificationStarted(final String customerId, final String commandId) {
        return result(customerId, commandId, new VerificationStarted());
    }

    public static ProviderResult callback(final String customerId) {
        return result(customerId, null, new CallbackReceived("FULL_USER"));
    }

    public static ProviderResult status(final String customerId, final KycState state, final String vendorStatus) {
        return result(customerId, null, new StatusObserved(vendorStatus, state, List.of(), List.of(), null, null, null));
    }

    public static ProviderResult vendorError(final String customerId, final String commandId, final int httpStatus) {
        return result(customerId, commandId, new VendorError("verification", httpStatus, "precondition_failed", "not ready", false));
    }

    public static ProviderResult result(final String customerId, final String commandId, final Object payload) {
        return ProviderResult.newBuilder().setResultId("res-" + System.nanoTime()).setCustomerId(customerId)
                .setCommandId(commandId).setVendor(Vendor.XGATEWAY).setObservedAt(T0).setPayload(payload).build();
    }
}
