package org.kycorchestrator.workers.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;
import org.kycorchestrator.sandbox.grid.GridSettings;
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
 * The adapter against the simulated Grid over real HTTP: customer, hosted link, the flow the
 * sandbox goes through for the customer, up to each outcome the name chooses; and the verifier
 * against the sandbox's real signed webhooks, received by a platform endpoint.
 */
class GridAdapterSandboxTest {

    private static final String CLIENT_ID = "workers-grid-client";
    private static final String SECRET = "workers-grid-secret";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static WebhookEndpoint endpoint;
    private static ProviderSandbox sandbox;
    private static GridAdapter adapter;

    @BeforeAll
    static void startSandbox() {
        endpoint = WebhookEndpoint.start();
        sandbox = ProviderSandbox.start(new SandboxSettings(0, "k", "s", null, Duration.ofMillis(10)),
                new GridSettings(CLIENT_ID, SECRET, endpoint.url(), Duration.ofMillis(50)));
        adapter = newAdapter();
        endpoint.verifyWith(new GridCallbackVerifier(sandbox.gridWebhookPublicKeyPem(), adapter::platformCustomerIdOf));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
        endpoint.close();
    }

    @Test
    void aCustomerWithALinkGoesThroughTheHostedFlowAndEndsApproved() {
        final ProviderRequest request = request(newCustomerId());

        adapter.createProfile(request, profile("Lovelace", "ada@example.com")).join();
        assertThat(adapter.createApplicant(request).join().getApplicantId()).isNull();
        final LinkIssued link = adapter.requestLink(request, new IssueLink("en", "https://merchant.example/kyc-done", null)).join();
        adapter.startVerification(request).join();

        assertThat(link.getLink().getUrl()).startsWith("http://localhost:" + sandbox.port() + "/grid/kyc/")
                .endsWith("?redirectUri=https%3A%2F%2Fmerchant.example%2Fkyc-done");
        assertThat(link.getLink().getExpiresAt()).isAfter(Instant.now());
        assertThat(link.getVendorReference()).startsWith("Customer:");
        final StatusObserved approved = await().atMost(WAIT).until(() -> adapter.fetchStatus(statusRequest(request, link)).join(),
                status -> "APPROVED".equals(status.getVendorStatus()));
        assertThat(approved.getState()).isEqualTo(KycState.APPROVED);
        assertThat(approved.getDocsMissing()).isEmpty();
        assertThat(approved.getRejectLabels()).isEmpty();
        assertThat(approved.getVendorTime()).isBefore(Instant.now().plusSeconds(1));
        assertThat(adapter.fetchStatus(request(request.getCustomerId())).join().getVendorStatus()).isEqualTo("APPROVED");
    }

    @ParameterizedTest(name = "last name {0} ends {1} ({2}), missing [{3}], labels [{4}]")
    @CsvSource(delimiter = '|', value = {
            "Lovelace    | APPROVED              | APPROVED                 | ''                                         | ''",
            "Reject      | REJECTED              | HARD_KYC_FAILED          | ''                                         | SUSPECTED_FRAUD_DOCUMENT",
            "Lace002     | REJECTED              | HARD_KYC_FAILED          | ''                                         | SUSPECTED_FRAUD_DOCUMENT",
            "Soft        | HOLD                  | SOFT_KYC_FAILED          | IDENTITY_DOCUMENT                          | ''",
            "Lace003     | RESOLVE_ERRORS        | SOFT_KYC_FAILED          | customer.address.line1 PROOF_OF_ADDRESS_DOCUMENT | ''",
            "Review      | PENDING_MANUAL_REVIEW | MANUAL_REVIEW            | ''                                         | ''",
            "Lace001     | IN_PROGRESS           | VERIFICATION_IN_PROGRESS | ''                                         | ''",
    })
    void theLastNameChoosesTheOutcome(final String lastName, final String vendorStatus, final KycState state,
                                      final String docsMissing, final String rejectLabels) {
        final ProviderRequest request = request(newCustomerId());
        adapter.createProfile(request, profile(lastName, "ada@example.com")).join();

        final LinkIssued link = adapter.requestLink(request, new IssueLink(null, null, null)).join();

        final StatusObserved status = await().atMost(WAIT).until(() -> adapter.fetchStatus(statusRequest(request, link)).join(),
                observed -> vendorStatus.equals(observed.getVendorStatus()));
        assertThat(status.getState()).isEqualTo(state);
        assertThat(status.getDocsMissing()).containsExactly(words(docsMissing));
        assertThat(status.getRejectLabels()).containsExactly(words(rejectLabels));
        assertThat(status.getEndUserMessage() == null).isEqualTo(docsMissing.isBlank() && rejectLabels.isBlank());
    }

    @Test
    void aPendingOutcomeIsNeverDecided() {
        final ProviderRequest request = request(newCustomerId());
        adapter.createProfile(request, profile("Lace001", "ada@example.com")).join();
        final LinkIssued link = adapter.requestLink(request, new IssueLink(null, null, null)).join();

        await().atMost(WAIT).until(() -> adapter.fetchStatus(statusRequest(request, link)).join().getState(),
                KycState.VERIFICATION_IN_PROGRESS::equals);
        await().during(Duration.ofMillis(400)).atMost(WAIT).until(() -> adapter.fetchStatus(statusRequest(request, link)).join().getState(),
                KycState.VERIFICATION_IN_PROGRESS::equals);
    }

    @Test
    void creatingTheProfileAgainUpdatesTheSameCustomerSoASoftFailureCanBeFixed() {
        final ProviderRequest request = request(newCustomerId());
        adapter.createProfile(request, profile("Soft", "ada@example.com")).join();
        final LinkIssued first = adapter.requestLink(request, new IssueLink(null, null, null)).join();
        await().atMost(WAIT).until(() -> adapter.fetchStatus(statusRequest(request, first)).join().getState(),
                KycState.SOFT_KYC_FAILED::equals);

        // a fresh adapter has not remembered Grid's id: it must find the customer, not create a second
        newAdapter().createProfile(request(request.getCustomerId()), profile("Lovelace", "ada@example.com")).join();
        final LinkIssued second = adapter.requestLink(request(request.getCustomerId()), new IssueLink(null, null, null)).join();

        assertThat(second.getVendorReference()).isEqualTo(first.getVendorReference());
        assertThat(customersWithPlatformId(request.getCustomerId())).isEqualTo(1);
        await().atMost(WAIT).until(() -> adapter.fetchStatus(statusRequest(request, second)).join().getState(),
                KycState.APPROVED::equals);
    }

    @Test
    void aRedeliveredLinkRequestGetsTheSameLinkAndANewRequestAFreshOne() {
        final ProviderRequest request = request(newCustomerId());
        adapter.createProfile(request, profile("Lovelace", "ada@example.com")).join();

        final LinkIssued first = adapter.requestLink(request, new IssueLink(null, null, null)).join();
        final LinkIssued redelivered = adapter.requestLink(request, new IssueLink(null, null, null)).join();
        final LinkIssued fresh = adapter.requestLink(request(request.getCustomerId()), new IssueLink(null, null, null)).join();

        assertThat(redelivered).isEqualTo(first);
        assertThat(fresh.getLink().getUrl()).isNotEqualTo(first.getLink().getUrl());
    }

    @Test
    void aCustomerWhoseEmailIsNotVerifiedGetsARefusalThatIsNotRetried() {
        final ProviderRequest request = request(newCustomerId());
        adapter.createProfile(request, profile("Lovelace", "unverified.ada@example.com")).join();

        assertThatThrownBy(() -> adapter.requestLink(request, new IssueLink(null, null, null)).join()).cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("CONTACT_VERIFICATION_REQUIRED");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void aRateLimitedLinkIsRetryableAndTheRetryGetsTheLink() {
        final ProviderRequest request = request(newCustomerId());
        adapter.createProfile(request, profile("Flaky", "ada@example.com")).join();

        assertThatThrownBy(() -> adapter.requestLink(request, new IssueLink(null, null, null)).join()).cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("RATE_LIMITED");
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(adapter.requestLink(request, new IssueLink(null, null, null)).join().getLink().getUrl()).contains("/grid/kyc/");
    }

    @Test
    void aLinkForACustomerGridHasNeverSeenIsNotFound() {
        assertThatThrownBy(() -> adapter.requestLink(request(newCustomerId()), new IssueLink(null, null, null)).join()).cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("USER_NOT_FOUND");
                });
    }

    @Test
    void theSandboxsSignedWebhooksVerifyAndTriggerAReadOfOurCustomer() {
        final ProviderRequest request = request(newCustomerId());
        adapter.createProfile(request, profile("Lovelace", "ada@example.com")).join();

        adapter.requestLink(request, new IssueLink(null, null, null)).join();

        await().atMost(WAIT).until(() -> endpoint.triggersFor(request.getCustomerId()).size() == 4);
        final List<CallbackTrigger> triggers = endpoint.triggersFor(request.getCustomerId());
        assertThat(triggers).extracting(CallbackTrigger::claimedStatus)
                .containsExactlyInAnyOrder("IN_PROGRESS", "PENDING", "APPROVED", "APPROVED");
        assertThat(triggers).extracting(CallbackTrigger::eventId).allMatch(id -> id.startsWith("Webhook:")).doesNotHaveDuplicates();
        assertThat(endpoint.refused()).isZero();
    }

    private static GridAdapter newAdapter() {
        return new GridAdapter(HttpClient.newHttpClient(), sandbox.gridBaseUrl(), CLIENT_ID, SECRET, Duration.ofSeconds(5));
    }

    private static CreateVendorProfile profile(final String lastName, final String email) {
        return new CreateVendorProfile(new Profile("Ada", lastName, email, "+442071234567", "GB", "1815-12-10",
                null, null, null, null), null, null);
    }

    private static String[] words(final String text) {
        return text.isBlank() ? new String[0] : text.trim().split("\\s+");
    }

    private static String newCustomerId() {
        return "cust-" + UUID.randomUUID();
    }

    private static ProviderRequest request(final String customerId) {
        return ProviderRequest.newBuilder().setRequestId("req-" + UUID.randomUUID()).setTenantId("t")
                .setCustomerId(customerId).setVendor(Vendor.GRID).setIssuedAt(Instant.now())
                .setPayload(new BeginVerification()).build();
    }

    /** The status read the orchestrator asks for after a link: with Grid's customer id as the vendor reference. */
    private static ProviderRequest statusRequest(final ProviderRequest request, final LinkIssued link) {
        return ProviderRequest.newBuilder(request).setRequestId("req-" + UUID.randomUUID())
                .setPayload(new FetchStatus("poll", link.getVendorReference())).build();
    }

    private static int customersWithPlatformId(final String platformId) {
        final HttpRequest list = HttpRequest.newBuilder(URI.create(sandbox.gridBaseUrl() + "/customers?platformCustomerId=" + platformId))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET)
                        .getBytes(StandardCharsets.UTF_8))).build();
        try {
            final String body = HttpClient.newHttpClient().send(list, HttpResponse.BodyHandlers.ofString()).body();
            return GridAdapter.readJson(body).path("data").size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A platform's webhook endpoint: verifies each Grid webhook, answers 200 or 401, and keeps the triggers. */
    private static final class WebhookEndpoint implements AutoCloseable {

        private final HttpServer server;
        private final AtomicReference<GridCallbackVerifier> verifier = new AtomicReference<>();
        private final List<CallbackTrigger> triggers = new CopyOnWriteArrayList<>();
        private final AtomicInteger refused = new AtomicInteger();

        private WebhookEndpoint(final HttpServer server) {
            this.server = server;
        }

        static WebhookEndpoint start() {
            try {
                final HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
                final WebhookEndpoint endpoint = new WebhookEndpoint(server);
                server.createContext("/v1/providers/grid/callbacks", endpoint::handle);
                server.start();
                return endpoint;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String url() {
            return "http://localhost:" + server.getAddress().getPort() + "/v1/providers/grid/callbacks";
        }

        void verifyWith(final GridCallbackVerifier gridVerifier) {
            verifier.set(gridVerifier);
        }

        List<CallbackTrigger> triggersFor(final String customerId) {
            return triggers.stream().filter(t -> customerId.equals(t.customerId())).toList();
        }

        int refused() {
            return refused.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }

        private void handle(final HttpExchange exchange) throws IOException {
            try (exchange) {
                final byte[] body = exchange.getRequestBody().readAllBytes();
                final Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
                final Optional<CallbackTrigger> trigger = verifier.get() == null ? Optional.empty()
                        : verifier.get().verify(headers, body);
                trigger.ifPresentOrElse(triggers::add, refused::incrementAndGet);
                exchange.sendResponseHeaders(trigger.isPresent() ? 200 : 401, -1);
            }
        }
    }
}
