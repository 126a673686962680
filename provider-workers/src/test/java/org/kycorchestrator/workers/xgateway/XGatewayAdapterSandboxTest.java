package org.kycorchestrator.workers.xgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * The adapter against the simulated xGateway over real HTTP: the whole documented flow, profile
 * with agreements, applicant, checkout link, verification, up to an approved status.
 */
class XGatewayAdapterSandboxTest {

    private static final String API_KEY = "workers-test-key";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ProviderSandbox sandbox;
    private static XGatewayAdapter adapter;

    @BeforeAll
    static void startSandbox() {
        sandbox = ProviderSandbox.start(new SandboxSettings(0, API_KEY, "secret", null, Duration.ofMillis(50)));
        adapter = new XGatewayAdapter(HttpClient.newHttpClient(), sandbox.xgatewayBaseUrl(), API_KEY,
                Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void aCustomerWithProfileAgreementsApplicantAndCheckoutIsVerifiedAndEndsAFullUser() {
        final ProviderRequest request = request();

        adapter.createProfile(request, withAgreements()).join();
        assertThat(adapter.createApplicant(request).join().getApplicantId()).matches("[0-9a-f]{24}");
        assertThat(adapter.requestLink(request, new IssueLink("en", null, null)).join().getLink().getUrl())
                .startsWith("http://localhost:" + sandbox.port() + "/xgateway/checkout/");
        adapter.startVerification(request).join();

        final StatusObserved approved = await().atMost(WAIT)
                .until(() -> adapter.fetchStatus(request).join(), status -> "FULL_USER".equals(status.getVendorStatus()));
        assertThat(approved.getState()).isEqualTo(KycState.APPROVED);
        assertThat(approved.getDocsMissing()).isEmpty();
    }

    @Test
    void creatingTheApplicantTwiceGivesTheSameApplicant() {
        final ProviderRequest request = request();
        adapter.createProfile(request, withAgreements()).join();

        assertThat(adapter.createApplicant(request).join()).isEqualTo(adapter.createApplicant(request).join());
    }

    @Test
    void verificationWithoutAnApplicantIsRefusedAsAPreconditionNamingTheApplicant() {
        final ProviderRequest request = request();
        adapter.createProfile(request, withAgreements()).join();
        adapter.requestLink(request, new IssueLink(null, null, null)).join();

        assertThatThrownBy(() -> adapter.startVerification(request).join())
                .cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("precondition_failed");
                    assertThat(e.getMessage()).contains("missing: applicant");
                    assertThat(e.retryable()).isFalse();
                });
    }

    private static CreateVendorProfile withAgreements() {
        return new CreateVendorProfile(new Profile("Ada", "Lovelace", "ada@example.com", null, "GB", null, null, null, null, null),
                sha256Base64("privacy policy v3"), sha256Base64("terms and conditions v7"));
    }

    private static ProviderRequest request() {
        return ProviderRequest.newBuilder().setRequestId("req-" + UUID.randomUUID()).setTenantId("t")
                .setCustomerId("cust-" + UUID.randomUUID()).setVendor(Vendor.XGATEWAY).setIssuedAt(Instant.now())
                .setPayload(new BeginVerification()).build();
    }

    private static String sha256Base64(final String document) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
