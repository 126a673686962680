package org.kycorchestrator.workers.capa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;
import org.kycorchestrator.sandbox.capa.CapaSandboxSettings;
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
import org.kycorchestrator.workers.callbacks.CallbackTrigger;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * The adapter against the simulated Capa over real HTTP: user, link, the end user's hosted session,
 * the verdict read back from the details, and the sandbox's real signed webhooks checked by the verifier.
 */
class CapaAdapterSandboxTest {

    private static final String API_KEY = "workers-capa-key";
    private static final String WEBHOOK_SECRET = "workers-capa-webhook-secret";
    private static final String REDIRECT = "https://shop.example/kyc-done";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static WebhookEndpoint webhooks;
    private static ProviderSandbox sandbox;
    private static CapaAdapter adapter;
    private static final CapaCallbackVerifier VERIFIER = new CapaCallbackVerifier(WEBHOOK_SECRET);

    @BeforeAll
    static void startSandbox() {
        webhooks = WebhookEndpoint.start();
        sandbox = ProviderSandbox.start(new SandboxSettings(0, "xg-key", "xg-secret", null, Duration.ofMillis(50)),
                new CapaSandboxSettings(API_KEY, WEBHOOK_SECRET, webhooks.url(), Duration.ofMillis(50),
                        List.of(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50))));
        adapter = new CapaAdapter(HttpClient.newHttpClient(), sandbox.capaBaseUrl(), API_KEY, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
        webhooks.close();
    }

    @Test
    void aMexicanCustomerGoesFromUserThroughLinkAndHostedSessionToApproved() {
        // given a customer with a user at Capa, and the steps Capa does not have
        final ProviderRequest request = request();
        adapter.createProfile(request, new CreateVendorProfile(mexican(request, "García"), null, null)).join();
        assertThat(adapter.createApplicant(request).join().getApplicantId()).isNull();

        // when a link is issued, the status read, the verification "started" and the end user submits the hosted session
        final LinkIssued link = adapter.requestLink(request, new IssueLink("es", REDIRECT, mexican(request, "García"))).join();
        final StatusObserved beforeSubmission = adapter.fetchStatus(request).join();
        adapter.startVerification(request).join();
        assertThat(endUserSubmits(link, "García").statusCode()).isEqualTo(303);

        // then the link is Capa's hosted session, the user waited for its data, and the verdict is approved
        assertThat(link.getLink().getUrl()).startsWith(sandbox.capaBaseUrl() + "/kyc-session/");
        assertThat(link.getVendorReference()).isNotBlank();
        assertThat(beforeSubmission.getVendorStatus()).isEqualTo("NOT_STARTED");
        assertThat(beforeSubmission.getState()).isEqualTo(KycState.PENDING_KYC_DATA);
        final StatusObserved approved = await().atMost(WAIT).until(
                () -> adapter.fetchStatus(pollWith(request, link.getVendorReference())).join(), s -> s.getState() == KycState.APPROVED);
        assertThat(approved.getVendorStatus()).isEqualTo("VERIFIED");
    }

    @ParameterizedTest(name = "last name {0} ends {1} ({2})")
    @CsvSource({
            "Reject,   REJECTED,      HARD_KYC_FAILED",
            "Review,   REVIEW_NEEDED, MANUAL_REVIEW",
            "Soft,     VERIFIED,      APPROVED",
            "Lovelace, VERIFIED,      APPROVED",
    })
    void eachMagicLastNameEndsInItsOutcome(final String lastName, final String vendorStatus, final KycState state) {
        final ProviderRequest request = request();
        final LinkIssued link = userWithLink(request, lastName);

        endUserSubmits(link, lastName);

        final StatusObserved status = await().atMost(WAIT).until(() -> adapter.fetchStatus(request).join(),
                s -> vendorStatus.equals(s.getVendorStatus()));
        assertThat(status.getState()).isEqualTo(state);
    }

    @Test
    void theSandboxsSignedWebhooksPassTheVerifierAndTriggerAStatusReadForOurCustomer() {
        // given a customer whose end user submits the hosted session
        final ProviderRequest request = request();
        endUserSubmits(userWithLink(request, "Reject"), "Reject");

        // when Capa's webhooks arrive at our endpoint
        await().atMost(WAIT).until(() -> triggersFor(request.getCustomerId(), VERIFIER).size() == 2);

        // then each is authentic, names our customer, and claims CREATED_KYC, then the verdict
        assertThat(triggersFor(request.getCustomerId(), VERIFIER)).containsExactlyInAnyOrder(
                new CallbackTrigger(request.getCustomerId(), "CREATED_KYC"), new CallbackTrigger(request.getCustomerId(), "REJECTED_KYC"));
        // and the status read it triggers finds the verdict
        assertThat(adapter.fetchStatus(request).join().getState()).isEqualTo(KycState.HARD_KYC_FAILED);
        // while a verifier with another secret trusts none of them
        assertThat(triggersFor(request.getCustomerId(), new CapaCallbackVerifier("another-secret"))).isEmpty();
    }

    @Test
    void creatingTheProfileTwiceKeepsOneUserAndItsLink() {
        final ProviderRequest request = request();
        final CreateVendorProfile profile = new CreateVendorProfile(mexican(request, "García"), null, null);

        adapter.createProfile(request, profile).join();
        adapter.createProfile(request, profile).join();

        final LinkIssued first = adapter.requestLink(request, new IssueLink(null, REDIRECT, mexican(request, "García"))).join();
        final LinkIssued second = adapter.requestLink(request, new IssueLink(null, REDIRECT, mexican(request, "García"))).join();
        assertThat(second.getVendorReference()).isEqualTo(first.getVendorReference());
    }

    @Test
    void beforeAnyLinkThereIsNoStatus() {
        final ProviderRequest request = request();
        adapter.createProfile(request, new CreateVendorProfile(mexican(request, "García"), null, null)).join();

        final StatusObserved status = adapter.fetchStatus(request).join();

        assertThat(status.getVendorStatus()).isNull();
        assertThat(status.getState()).isNull();
    }

    @Test
    void aMexicanProfileWithoutItsTaxIdIsRefusedWithCapasCodeNamingTheField() {
        final ProviderRequest request = request();
        final Profile withoutTaxId = Profile.newBuilder(mexican(request, "García")).setTaxId(null).build();
        adapter.createProfile(request, new CreateVendorProfile(withoutTaxId, null, null)).join();

        assertRefused(() -> adapter.requestLink(request, new IssueLink(null, REDIRECT, withoutTaxId)).join(),
                400, "INVALID_USER_INPUT_ERROR", "personalInfo.taxId is required");
    }

    @Test
    void aCountryCapaDoesNoKycForIsRefusedAsInvalidUserInput() {
        final ProviderRequest request = request();
        final Profile spanish = Profile.newBuilder(mexican(request, "García")).setCountry("ES").build();
        adapter.createProfile(request, new CreateVendorProfile(spanish, null, null)).join();

        assertRefused(() -> adapter.requestLink(request, new IssueLink(null, REDIRECT, spanish)).join(),
                400, "INVALID_USER_INPUT_ERROR", "country must be one of MX, DO");
    }

    @Test
    void aWrongApiKeyIsAnUnauthorizedRefusalThatIsNotRetried() {
        final CapaAdapter wrongKey = new CapaAdapter(HttpClient.newHttpClient(), sandbox.capaBaseUrl(), "not-the-key", Duration.ofSeconds(5));
        final ProviderRequest request = request();

        assertRefused(() -> wrongKey.createProfile(request, new CreateVendorProfile(mexican(request, "García"), null, null)).join(),
                401, "UNAUTHORIZED", "Invalid API Key");
    }

    private static LinkIssued userWithLink(final ProviderRequest request, final String lastName) {
        adapter.createProfile(request, new CreateVendorProfile(mexican(request, lastName), null, null)).join();
        return adapter.requestLink(request, new IssueLink(null, REDIRECT, mexican(request, lastName))).join();
    }

    /** The end user's browser posting the hosted form with the last name typed in. */
    private static HttpResponse<String> endUserSubmits(final LinkIssued link, final String lastName) {
        final HttpRequest post = HttpRequest.newBuilder(URI.create(link.getLink().getUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("firstName=Ana&lastName=" + URLEncoder.encode(lastName, StandardCharsets.UTF_8)))
                .build();
        try {
            return BROWSER.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<CallbackTrigger> triggersFor(final String customerId, final CapaCallbackVerifier verifier) {
        return webhooks.received().stream()
                .map(webhook -> verifier.verify(webhook.headers(), webhook.body()))
                .flatMap(Optional::stream)
                .filter(trigger -> trigger.customerId().equals(customerId))
                .toList();
    }

    private static Profile mexican(final ProviderRequest request, final String lastName) {
        return new Profile("Ana", lastName, request.getCustomerId() + "@example.com", "+525512345678", "MX", "1978-02-11", null,
                "GALA780211AB1", "Employee", "MX");
    }

    private static ProviderRequest request() {
        return ProviderRequest.newBuilder().setRequestId("req-" + UUID.randomUUID()).setTenantId("t")
                .setCustomerId("cust-" + UUID.randomUUID()).setVendor(Vendor.CAPA).setIssuedAt(Instant.now())
                .setPayload(new BeginVerification()).build();
    }

    private static ProviderRequest pollWith(final ProviderRequest request, final String vendorReference) {
        return ProviderRequest.newBuilder(request).setPayload(new FetchStatus("poll", vendorReference)).build();
    }

    private static void assertRefused(final Runnable call, final int status, final String code, final String messagePart) {
        assertThatThrownBy(call::run)
                .cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(messagePart);
                    assertThat(e.retryable()).isFalse();
                });
    }
}
