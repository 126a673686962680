package org.kycorchestrator.workers.paycc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;
import org.kycorchestrator.sandbox.paycc.PayccSandboxSettings;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.FetchStatus;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.workers.ProviderWorkers;
import org.kycorchestrator.workers.vendors.VendorAdapter;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * The adapter against the simulated Paycc over real HTTP: the whole flow (init, then polls of the
 * kid up to the outcome) and every magic name. Paycc sends no callbacks, so there are none to verify.
 */
class PayccAdapterSandboxTest {

    private static final String USER = "workers-paycc-user";
    private static final String PASSWORD = "workers-paycc-password";
    private static final String MERCHANT = "MID693000042";

    private static ProviderSandbox sandbox;
    private static PayccAdapter adapter;

    @BeforeAll
    static void startSandbox() {
        sandbox = ProviderSandbox.start(new SandboxSettings(0, "k", "s", null, Duration.ofMillis(10)),
                new PayccSandboxSettings(USER, PASSWORD, MERCHANT, 1));
        adapter = adapter(USER, PASSWORD, MERCHANT);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void aCustomerGoesFromInitThroughOnePendingPollToApprovedWithAMatchedFace() {
        // given a customer whose profile, applicant and verification need no Paycc call
        final ProviderRequest request = request(null);
        adapter.createProfile(request, new CreateVendorProfile(profile("Asha Verma"), null, null)).join();
        assertThat(adapter.createApplicant(request).join().getApplicantId()).isNull();

        // when the link is requested, the verification started, and the kid polled
        final LinkIssued link = adapter.requestLink(request, new IssueLink("en", null, profile("Asha Verma"))).join();
        adapter.startVerification(request).join();
        final StatusObserved first = adapter.fetchStatus(request(link.getVendorReference())).join();
        final StatusObserved second = adapter.fetchStatus(request(link.getVendorReference())).join();

        // then the link is the sandbox's hosted page, the kid comes back as vendor reference, and the KYC ends approved
        assertThat(link.getLink().getUrl()).startsWith("http://localhost:" + sandbox.port() + "/paycc/gateway/");
        assertThat(link.getVendorReference()).matches("KID[0-9]{15}[A-Z0-9]{9}");
        assertThat(first).isEqualTo(new StatusObserved("PENDING", KycState.VERIFICATION_IN_PROGRESS, List.of(), List.of(), null, null, null));
        assertThat(second).isEqualTo(new StatusObserved("SUCCESS", KycState.APPROVED, List.of(), List.of("FACE_MATCH_PASSED"), null, null, null));
    }

    @ParameterizedTest(name = "a name ending {0} ends {1} ({2})")
    @CsvSource({
            "Reject, HARD_KYC_FAILED,          FAILURE",
            "Soft,   HARD_KYC_FAILED,          FAILURE",
            "Review, VERIFICATION_IN_PROGRESS, PENDING",
            "Verma,  APPROVED,                 SUCCESS",
    })
    void everyMagicNameEndsInItsOutcome(final String lastName, final KycState state, final String vendorStatus) {
        final String kid = startKyc("Asha " + lastName);

        assertThat(adapter.fetchStatus(request(kid)).join().getState()).isEqualTo(KycState.VERIFICATION_IN_PROGRESS);
        for (int poll = 0; poll < 3; poll++) {
            final StatusObserved status = adapter.fetchStatus(request(kid)).join();
            assertThat(status.getState()).isEqualTo(state);
            assertThat(status.getVendorStatus()).isEqualTo(vendorStatus);
        }
    }

    @Test
    void aFlakyNameFailsTheFirstPollRetryablyAndThenGoesOnNormally() {
        final String kid = startKyc("Asha Flaky");

        assertThatThrownBy(() -> adapter.fetchStatus(request(kid)).join()).cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.code()).isEqualTo("0x0205");
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(adapter.fetchStatus(request(kid)).join().getState()).isEqualTo(KycState.VERIFICATION_IN_PROGRESS);
        assertThat(adapter.fetchStatus(request(kid)).join().getState()).isEqualTo(KycState.APPROVED);
    }

    @Test
    void anUnknownKidIsAFailureAsThePayccDocsSay() {
        assertThat(adapter.fetchStatus(request("KID000000000000000NOSUCHKID")).join().getState()).isEqualTo(KycState.HARD_KYC_FAILED);
    }

    @Test
    void wrongCredentialsAndAnotherMerchantCodeAreUnauthorizedAndNotRetryable() {
        for (final PayccAdapter wrong : List.of(adapter(USER, "wrong", MERCHANT), adapter(USER, PASSWORD, "MID000000000"))) {
            assertThatThrownBy(() -> wrong.requestLink(request(null), new IssueLink(null, null, profile("Asha Verma"))).join()).cause()
                    .isInstanceOfSatisfying(VendorCallException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.code()).isEqualTo("0x0201");
                        assertThat(e.retryable()).isFalse();
                    });
        }
    }

    @Test
    void aFieldOnlyPayccChecksIsRefusedWithItsMissingParameterAnswer() {
        final Profile badEmail = new Profile("Asha", "Verma", "not-an-email", "+91 63937 12345", "IN", null, "ABCPV1234K", null, null, null);

        assertThatThrownBy(() -> adapter.requestLink(request(null), new IssueLink(null, null, badEmail)).join()).cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("0x0203");
                    assertThat(e.getMessage()).isEqualTo("email: The email must be a valid e-mail address.");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void theAdapterConfiguredFromTheEnvironmentTalksToTheSandbox() {
        final List<VendorAdapter> adapters = ProviderWorkers.adaptersFrom(Config.of(Map.of(
                "KYC_PROVIDER_PAYCC_URL", sandbox.payccBaseUrl(),
                "KYC_PROVIDER_PAYCC_USER", USER,
                "KYC_PROVIDER_PAYCC_PASSWORD", PASSWORD,
                "KYC_PROVIDER_PAYCC_MERCHANT_CODE", MERCHANT)), HttpClient.newHttpClient());

        assertThat(adapters).singleElement().satisfies(configured -> {
            assertThat(configured.vendor()).isEqualTo(Vendor.PAYCC);
            final LinkIssued link = configured.requestLink(request(null), new IssueLink(null, null, profile("Asha Verma"))).join();
            assertThat(configured.fetchStatus(request(link.getVendorReference())).join().getState())
                    .isEqualTo(KycState.VERIFICATION_IN_PROGRESS);
        });
    }

    @Test
    void withoutItsUrlNoPayccAdapterIsMadeAndWithoutACredentialTheStartFailsNamingIt() {
        assertThat(ProviderWorkers.adaptersFrom(Config.of(Map.of()), HttpClient.newHttpClient())).isEmpty();
        assertThatThrownBy(() -> ProviderWorkers.adaptersFrom(Config.of(Map.of(
                "KYC_PROVIDER_PAYCC_URL", sandbox.payccBaseUrl(),
                "KYC_PROVIDER_PAYCC_USER", USER,
                "KYC_PROVIDER_PAYCC_MERCHANT_CODE", MERCHANT)), HttpClient.newHttpClient()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_PROVIDER_PAYCC_PASSWORD");
    }

    private static String startKyc(final String name) {
        return adapter.requestLink(request(null), new IssueLink(null, null, profile(name))).join().getVendorReference();
    }

    private static PayccAdapter adapter(final String user, final String password, final String merchantCode) {
        return new PayccAdapter(HttpClient.newHttpClient(), sandbox.payccBaseUrl(), user, password, merchantCode, Duration.ofSeconds(5));
    }

    /** Our profile keeps first and last name apart; Paycc gets them joined. */
    private static Profile profile(final String name) {
        final int space = name.lastIndexOf(' ');
        return new Profile(name.substring(0, space), name.substring(space + 1), "asha@example.in", "+91 63937 12345", "IN",
                "1990-01-01", "ABCPV1234K", null, null, null);
    }

    /** A status poll of {@code kid}, or (with {@code null}) a request that carries none. */
    private static ProviderRequest request(final String kid) {
        return ProviderRequest.newBuilder().setRequestId("req-" + UUID.randomUUID()).setTenantId("t")
                .setCustomerId("cust-" + UUID.randomUUID()).setVendor(Vendor.PAYCC).setIssuedAt(Instant.now())
                .setPayload(kid == null ? new BeginVerification() : new FetchStatus("poll", kid)).build();
    }
}
