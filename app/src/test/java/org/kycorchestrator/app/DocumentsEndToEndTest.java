package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.config.Config;

/**
 * Documents end to end through the all-in-one app: the merchant uploads a selfie, both sides of an
 * ID card and a utility bill, starts verification without any hosted link, and the customer is
 * approved by xGateway's sandbox, which received exactly those files from the worker, read from the
 * blob store the API wrote them to.
 */
class DocumentsEndToEndTest {

    private static final String API_KEY = "documents-e2e-key";
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    static Path dataDir;

    private static KycApp app;
    private static ApiClient api;
    private static MerchantFlow flow;
    private static int sandboxPort;

    @BeforeAll
    static void startApp() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            sandboxPort = socket.getLocalPort();
        }
        app = KycApp.start(Config.of(Map.of(
                "KYC_DATA_DIR", dataDir.toString(),
                "KYC_HTTP_PORT", "0",
                "KYC_KAFKA_PORT", "0",
                "KYC_SANDBOX_PORT", String.valueOf(sandboxPort),
                "KYC_DEMO_API_KEY", API_KEY)));
        api = new ApiClient(app.baseUrl(), API_KEY);
        flow = new MerchantFlow(api);
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void uploadedDocumentsReachXGatewayAndTheCustomerIsApprovedWithoutAHostedLink() throws Exception {
        // given an xGateway customer with an applicant and accepted agreements
        final String externalId = UUID.randomUUID().toString();
        final String id = flow.register("""
                {"externalId":"%s","vendor":"xgateway","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada-%s@example.com","country":"GB"}}
                """.formatted(externalId, externalId));
        flow.applicant(id);
        flow.agreements(id);

        // when the merchant uploads a selfie, both sides of an ID card and a utility bill
        final byte[] selfie = file(200_000, 0xFF, 0xD8, 0xFF, 0xE0);
        final byte[] front = file(300_000, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
        final byte[] back = file(250_000, 0xFF, 0xD8, 0xFF, 0xE1);
        final byte[] bill = file(120_000, '%', 'P', 'D', 'F', '-', '1', '.', '7');
        flow.document(id, "SELFIE", null, "selfie.jpg", selfie);
        flow.document(id, "ID_CARD", "front", "card-front.png", front);
        flow.document(id, "ID_CARD", "back", "card-back.jpg", back);
        final JsonNode kycCase = flow.document(id, "UTILITY_BILL", null, "bill.pdf", bill);

        // then the case lists the four documents by their SHA-256 and size, and verification may start
        assertThat(kycCase.path("state").asText()).isEqualTo("KYC_PENDING");
        assertThat(documents(kycCase)).containsExactlyInAnyOrder("SELFIE null " + sha256(selfie) + " " + selfie.length,
                "ID_CARD FRONT " + sha256(front) + " " + front.length, "ID_CARD BACK " + sha256(back) + " " + back.length,
                "UTILITY_BILL null " + sha256(bill) + " " + bill.length);
        // and the files are in the blob store under the data directory
        assertThat(Files.exists(dataDir.resolve("blobs").resolve(sha256(front).substring(0, 2)).resolve(sha256(front).substring(2, 4))
                .resolve(sha256(front)))).isTrue();

        // when the merchant starts verification, with no hosted link issued
        final ApiClient.Answer verification = api.post("/v1/customers/" + id + "/kyc/verification", "", "Prefer", "wait=20");

        // then it starts, xGateway received exactly those four files with their sides, and the customer is approved
        assertThat(verification.status()).as(verification.body().toString()).isEqualTo(200);
        assertThat(documentsAtXGateway(id)).containsExactlyInAnyOrder("SELFIE null " + sha256(selfie) + " " + selfie.length,
                "ID_CARD FRONT_SIDE " + sha256(front) + " " + front.length, "ID_CARD BACK_SIDE " + sha256(back) + " " + back.length,
                "UTILITY_BILL null " + sha256(bill) + " " + bill.length);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(api.get("/v1/customers/" + id + "/kyc").data().path("state").asText()).isEqualTo("APPROVED"));
    }

    private static List<String> documents(final JsonNode kycCase) {
        final List<String> documents = new ArrayList<>();
        kycCase.path("documents").forEach(d -> documents.add(d.path("docType").asText() + " " + d.path("side").asText("null") + " "
                + d.path("sha256").asText() + " " + d.path("size").asLong()));
        return documents;
    }

    private static List<String> documentsAtXGateway(final String customerId) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + sandboxPort + "/_admin/documents/xgateway/" + customerId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        final List<String> documents = new ArrayList<>();
        ApiClient.JSON.readTree(response.body()).forEach(d -> documents.add(d.path("docType").asText() + " "
                + d.path("documentSubType").asText("null") + " " + d.path("sha256").asText() + " " + d.path("size").asLong()));
        return documents;
    }

    /** {@code size} random bytes behind the given signature. */
    private static byte[] file(final int size, final int... signature) {
        final byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        for (int i = 0; i < signature.length; i++) {
            bytes[i] = (byte) signature[i];
        }
        return bytes;
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
