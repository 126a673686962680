package org.kycorchestrator.sandbox.xgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;

/**
 * The simulated upload of KYC documents ({@code PUT /customer/{id}/bank-transfer/kyc/document}),
 * for the host-to-host flow without a checkout link: the uploaded files are what the verification's
 * "documents" precondition asks for.
 */
class XGatewayDocumentUploadTest {

    private static final String API_KEY = "test-api-key";
    private static final byte[] JPG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, 5};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    private static final byte[] PDF = "%PDF-1.7\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0};

    private static ProviderSandbox sandbox;
    private static XGatewayApi api;

    @BeforeAll
    static void startSandbox() {
        sandbox = ProviderSandbox.start(new SandboxSettings(0, API_KEY, "test-secret", null, Duration.ofMillis(50)));
        api = new XGatewayApi(sandbox.xgatewayBaseUrl(), API_KEY);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void uploadedSelfieIdentityAndProofOfAddressLetAVerificationStartWithoutACheckoutLink() throws Exception {
        // given a user with agreements and an applicant, and no checkout link
        final String id = customerWithApplicant();

        // when a selfie, a passport and a utility bill are uploaded
        assertThat(api.upload(id, "SELFIE", null, JPG).statusCode()).isEqualTo(200);
        assertThat(api.upload(id, "PASSPORT", null, PNG).statusCode()).isEqualTo(200);
        final HttpResponse<String> last = api.upload(id, "UTILITY_BILL", null, PDF);

        // then each upload was accepted, the customer is awaiting its data, and verification starts
        assertThat(last.body()).isEqualTo("{\"success\":true,\"data\":\"KYC document uploaded\"}");
        assertThat(api.statusOf(id)).isEqualTo("PENDING_KYC_DATA");
        assertThat(api.verify(id).statusCode()).isEqualTo(204);
        // and the sandbox shows exactly which files arrived
        assertThat(documents(id)).extracting(d -> d.path("docType").asText() + " " + d.path("sha256").asText() + " " + d.path("size").asLong())
                .containsExactly("SELFIE " + sha256(JPG) + " " + JPG.length, "PASSPORT " + sha256(PNG) + " " + PNG.length,
                        "UTILITY_BILL " + sha256(PDF) + " " + PDF.length);
    }

    @Test
    void anIdCardNeedsBothSidesBeforeTheDocumentsAreComplete() {
        // given a customer with a selfie, a proof of address and an ID card's front
        final String id = customerWithApplicant();
        api.upload(id, "SELFIE", null, JPG);
        api.upload(id, "UTILITY_BILL", null, PDF);
        api.upload(id, "ID_CARD", "FRONT_SIDE", JPG);

        // when verification is asked for, then the documents are missing
        final HttpResponse<String> refused = api.verify(id);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("missing: documents.");

        // and once the back is uploaded, verification starts
        api.upload(id, "ID_CARD", "BACK_SIDE", PNG);
        assertThat(api.verify(id).statusCode()).isEqualTo(204);
    }

    @Test
    void aReuploadOfTheSameTypeAndSideReplacesTheEarlierFile() throws Exception {
        final String id = customerWithApplicant();

        api.upload(id, "SELFIE", null, JPG);
        api.upload(id, "SELFIE", null, PNG);

        assertThat(documents(id)).singleElement().satisfies(d -> assertThat(d.path("sha256").asText()).isEqualTo(sha256(PNG)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # what is wrong                      | docType  | documentSubType | file | status | code
            a Windows program                    | SELFIE   | -               | EXE  | 415    | unsupported_media_type
            no docType                           | -        | -               | JPG  | 400    | bad_request
            an unknown docType                   | INVOICE  | -               | JPG  | 400    | bad_request
            an ID card without its side          | ID_CARD  | -               | JPG  | 400    | bad_request
            a side that is not FRONT_SIDE/BACK_SIDE | DRIVERS | FRONT        | JPG  | 400    | bad_request
            a passport with a side               | PASSPORT | FRONT_SIDE      | JPG  | 400    | bad_request
            no file                              | SELFIE   | -               | -    | 400    | bad_request
            """)
    void aBadUploadIsRefusedInXGatewaysEnvelopeAndKeepsNothing(final String what, final String docType, final String subType,
                                                               final String file, final int status, final String code) throws Exception {
        final String id = customerWithApplicant();

        final HttpResponse<String> response = api.upload(id, docType, subType, file == null ? null : "EXE".equals(file) ? EXE : JPG);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(XGatewayApi.json(response).path("errors").path(0).path("code").asText()).isEqualTo(code);
        assertThat(documents(id)).isEmpty();
    }

    @Test
    void anUploadNeedsTheApplicantAndTheUser() throws Exception {
        final String withoutApplicant = newCustomerId();
        api.createUser(withoutApplicant, "Lovelace");

        final HttpResponse<String> noApplicant = api.upload(withoutApplicant, "SELFIE", null, JPG);
        final HttpResponse<String> noUser = api.upload(newCustomerId(), "SELFIE", null, JPG);

        assertThat(noApplicant.statusCode()).isEqualTo(400);
        assertThat(XGatewayApi.json(noApplicant).path("errors").path(0).path("code").asText()).isEqualTo("precondition_failed");
        assertThat(noUser.statusCode()).isEqualTo(404);
        assertThat(documents(withoutApplicant)).isEmpty();
    }

    private static String customerWithApplicant() {
        final String id = newCustomerId();
        api.createUser(id, "Lovelace");
        api.createApplicant(id);
        return id;
    }

    private static List<JsonNode> documents(final String id) throws Exception {
        final HttpResponse<String> response = XGatewayApi.sendTo(
                URI.create("http://localhost:" + sandbox.port() + "/_admin/documents/xgateway/" + id), "GET", null, null);
        final List<JsonNode> documents = new java.util.ArrayList<>();
        XGatewayApi.json(response).forEach(documents::add);
        return documents;
    }

    private static String newCustomerId() {
        return "cust-" + UUID.randomUUID();
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
