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
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.blobs.BlobStore;
import org.kycorchestrator.blobs.FileSystemBlobStore;
import org.kycorchestrator.schemas.DocumentRef;
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

    @TempDir
    static Path blobDir;

    private static ProviderSandbox sandbox;
    private static XGatewayAdapter adapter;
    private static BlobStore blobs;

    @BeforeAll
    static void startSandbox() {
        blobs = new FileSystemBlobStore(blobDir);
        sandbox = ProviderSandbox.start(new SandboxSettings(0, API_KEY, "secret", null, Duration.ofMillis(50)));
        adapter = new XGatewayAdapter(HttpClient.newHttpClient(), sandbox.xgatewayBaseUrl(), API_KEY,
                Duration.ofSeconds(5), Duration.ofSeconds(5), blobs);
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
    void documentsFromTheBlobStoreAreUploadedSoTheVerificationNeedsNoCheckoutLink() throws Exception {
        // given a customer with profile, agreements and applicant, and no checkout link
        final ProviderRequest request = request();
        adapter.createProfile(request, withAgreements()).join();
        adapter.createApplicant(request).join();
        // and a selfie, a driving licence's two sides and a utility bill in the blob store
        final byte[] selfie = file(0xFF, 0xD8, 0xFF, 0xE0);
        final byte[] front = file(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
        final byte[] back = file(0xFF, 0xD8, 0xFF, 0xE1);
        final byte[] bill = file('%', 'P', 'D', 'F', '-', '1', '.', '4');
        final List<DocumentRef> documents = List.of(stored("SELFIE", null, selfie), stored("DRIVERS", "FRONT", front),
                stored("DRIVERS", "BACK", back), stored("UTILITY_BILL", null, bill));

        // when the verification starts with them
        adapter.startVerification(ProviderRequest.newBuilder(request).setPayload(new BeginVerification(documents)).build()).join();

        // then xGateway holds exactly those files, with their sides, and the customer ends a full user
        assertThat(documentsAtTheSandbox(request.getCustomerId())).containsExactly(
                "SELFIE - " + sha256Hex(selfie), "DRIVERS FRONT_SIDE " + sha256Hex(front),
                "DRIVERS BACK_SIDE " + sha256Hex(back), "UTILITY_BILL - " + sha256Hex(bill));
        final StatusObserved approved = await().atMost(WAIT)
                .until(() -> adapter.fetchStatus(request).join(), status -> "FULL_USER".equals(status.getVendorStatus()));
        assertThat(approved.getState()).isEqualTo(KycState.APPROVED);
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

    private static DocumentRef stored(final String docType, final String side, final byte[] content) throws Exception {
        final BlobStore.Stored blob = blobs.put(content);
        return new DocumentRef(UUID.randomUUID().toString(), docType, side, blob.id(), blob.size());
    }

    /** 64 KB that start with the given signature. */
    private static byte[] file(final int... signature) {
        final byte[] bytes = new byte[64 * 1024];
        new java.util.Random(signature[signature.length - 1]).nextBytes(bytes);
        for (int i = 0; i < signature.length; i++) {
            bytes[i] = (byte) signature[i];
        }
        return bytes;
    }

    /** "docType documentSubType sha256" of each document the sandbox holds for the customer. */
    private static List<String> documentsAtTheSandbox(final String customerId) throws Exception {
        final java.net.http.HttpResponse<String> response = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + sandbox.port() + "/_admin/documents/xgateway/" + customerId)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        final List<String> documents = new java.util.ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).forEach(d -> documents.add(d.path("docType").asText()
                + " " + (d.path("documentSubType").isNull() ? "-" : d.path("documentSubType").asText()) + " " + d.path("sha256").asText()));
        return documents;
    }

    private static String sha256Hex(final byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
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
