package org.kycorchestrator.workers.xgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.blobs.BlobStore;
import org.kycorchestrator.blobs.FileSystemBlobStore;
import org.kycorchestrator.schemas.DocumentRef;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.ApplicantCreated;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * What goes over the wire to xGateway, checked against an HTTP stub that answers as its docs show.
 * Every request the stub receives (method, path, headers with the API key, body) and every answer it
 * gives are validated against our OpenAPI description of xGateway (openapi/xgateway.yaml); any
 * violation fails the test.
 */
class XGatewayAdapterContractTest {

    record Seen(String method, String path, String apiKey, String contentType, String body) {
    }

    private static final OpenApiInteractionValidator OPENAPI = OpenApiInteractionValidator
            .createForSpecificationUrl(XGatewayAdapterContractTest.class.getResource("/openapi/xgateway.yaml").toString())
            .build();

    private static final Profile ADA = new Profile("Ada", "Lovelace", null, null, "GB", null, null, null, null, null);
    // base64(SHA-256("privacy")) and base64(SHA-256("terms")): accepted agreements as xGateway's docs define them
    private static final String PRIVACY_HASH = "pMxrwBqSfip4/TvsUehlrA2F5Nqrb5iNXTPQVuElscM=";
    private static final String TERMS_HASH = "UdI2H0+uo7yPn6zbx9mau1VVlqLlH3sl/TtByTWH5hY=";

    @TempDir
    Path blobDir;
    private BlobStore blobs;

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Whatever did not match openapi/xgateway.yaml, request or answer, one line each. */
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private HttpServer stub;

    @BeforeEach
    void openTheBlobStore() {
        blobs = new FileSystemBlobStore(blobDir);
    }

    @AfterEach
    void stopStubAndCheckEveryExchangeAgainstTheOpenApi() {
        stub.stop(0);
        assertThat(violations).as("exchanges that do not match openapi/xgateway.yaml").isEmpty();
    }

    @Test
    void theCheckoutLinkIsAPostToInitiateWithTheLocaleAndTheApiKey() {
        final XGatewayAdapter adapter = adapterAnswering(201, "{\"success\":true,\"data\":\"https://checkout.xgateway.tech/s/abc\"}");

        final LinkIssued link = adapter.requestLink(request("cust-1"), new IssueLink("de", null, null)).join();

        assertThat(link.getLink().getUrl()).isEqualTo("https://checkout.xgateway.tech/s/abc");
        assertThat(seen).containsExactly(new Seen("POST", "/api/v2/customer/cust-1/bank-transfer/kyc/initiate",
                "xg-key", "application/json", "{\"locale\":\"de\"}"));
    }

    @Test
    void verificationIsAPostWithoutBodyAndA204IsSuccess() {
        final XGatewayAdapter adapter = adapterAnswering(204, "");

        adapter.startVerification(request("cust-1")).join();

        assertThat(seen).extracting(Seen::method, Seen::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/api/v2/customer/cust-1/bank-transfer/kyc/verification"));
        assertThat(seen.get(0).body()).isEmpty();
    }

    @Test
    void theDocumentsAreUploadedOneByOneAsMultipartPutsBeforeTheVerificationStarts() throws Exception {
        // given an ID card's two sides and a utility bill in the blob store (text PDFs, so the bodies read as text)
        final DocumentRef front = stored("d-front", "ID_CARD", "FRONT", "%PDF-1.7 front of the card");
        final DocumentRef back = stored("d-back", "ID_CARD", "BACK", "%PDF-1.7 back of the card");
        final DocumentRef bill = stored("d-bill", "UTILITY_BILL", null, "%PDF-1.7 the electricity bill");
        final XGatewayAdapter adapter = adapterAnswering(method -> method.equals("PUT")
                ? new Answer(200, "{\"success\":true,\"data\":\"KYC document uploaded\"}") : new Answer(204, ""), true);

        // when verification starts with them
        adapter.startVerification(verification("cust-1", front, back, bill)).join();

        // then each went up in its own PUT, as docType, documentSubType and file, and only then the verification
        assertThat(seen).extracting(Seen::method, Seen::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PUT", "/api/v2/customer/cust-1/bank-transfer/kyc/document"),
                org.assertj.core.groups.Tuple.tuple("PUT", "/api/v2/customer/cust-1/bank-transfer/kyc/document"),
                org.assertj.core.groups.Tuple.tuple("PUT", "/api/v2/customer/cust-1/bank-transfer/kyc/document"),
                org.assertj.core.groups.Tuple.tuple("POST", "/api/v2/customer/cust-1/bank-transfer/kyc/verification"));
        assertThat(seen.get(0).contentType()).startsWith("multipart/form-data; boundary=");
        assertThat(seen.get(0).apiKey()).isEqualTo("xg-key");
        assertThat(formField(seen.get(0), "docType")).isEqualTo("ID_CARD");
        assertThat(formField(seen.get(0), "documentSubType")).isEqualTo("FRONT_SIDE");
        assertThat(formField(seen.get(0), "file")).isEqualTo("%PDF-1.7 front of the card");
        assertThat(seen.get(0).body()).contains("filename=\"id_card-front.pdf\"", "Content-Type: application/pdf");
        assertThat(formField(seen.get(1), "documentSubType")).isEqualTo("BACK_SIDE");
        assertThat(formField(seen.get(1), "file")).isEqualTo("%PDF-1.7 back of the card");
        assertThat(formField(seen.get(2), "docType")).isEqualTo("UTILITY_BILL");
        assertThat(seen.get(2).body()).doesNotContain("documentSubType");
        assertThat(formField(seen.get(2), "file")).isEqualTo("%PDF-1.7 the electricity bill");
    }

    @Test
    void aRefusedUploadStopsBeforeTheVerificationWithXGatewaysCode() throws Exception {
        final DocumentRef selfie = stored("d-selfie", "SELFIE", null, "%PDF-1.7 not really a selfie");
        final XGatewayAdapter adapter = adapterAnswering(method -> new Answer(400,
                "{\"success\":false,\"errors\":[{\"code\":\"precondition_failed\",\"message\":\"KYC document upload needs a KYC applicant.\"}]}"),
                true);

        assertThatThrownBy(() -> adapter.startVerification(verification("cust-1", selfie)).join())
                .cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.operation()).isEqualTo("upload_document");
                    assertThat(e.code()).isEqualTo("precondition_failed");
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(seen).extracting(Seen::method).containsExactly("PUT");
    }

    @Test
    void aDocumentWhoseFileIsNotInTheStoreIsRefusedWithoutCallingXGateway() {
        // given a reference to a file this worker's store does not have (a store not shared with the ingress)
        final DocumentRef missing = new DocumentRef("d-9", "SELFIE", null, "ab".repeat(32), 100L);
        final XGatewayAdapter adapter = adapterAnswering(204, "");

        // when verification starts, then it fails at once, saying so, and xGateway heard nothing
        assertThatThrownBy(() -> adapter.startVerification(verification("cust-1", missing)).join())
                .cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.code()).isEqualTo("document_unavailable");
                    assertThat(e.getMessage()).contains("d-9").contains("KYC_BLOB_DIR");
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(seen).isEmpty();
    }

    @Test
    void theStatusIsReadAndMappedWithMissingDocumentsInEitherDocumentedShape() {
        final XGatewayAdapter adapter = adapterAnswering(200, """
                {"success":true,"data":{"id":"cust-1","status":"SOFT_KYC_FAILED",
                 "docsMissing":[{"docType":"SELFIE"},"UTILITY_BILL"],"kycEndUserErrorMessage":"Upload a selfie"}}""");

        final StatusObserved status = adapter.fetchStatus(request("cust-1")).join();

        assertThat(seen.get(0).method()).isEqualTo("GET");
        assertThat(seen.get(0).path()).isEqualTo("/api/v2/customer/cust-1/bank-transfer/kyc");
        assertThat(status.getVendorStatus()).isEqualTo("SOFT_KYC_FAILED");
        assertThat(status.getState()).isEqualTo(KycState.SOFT_KYC_FAILED);
        assertThat(status.getDocsMissing()).containsExactly("SELFIE", "UTILITY_BILL");
        assertThat(status.getEndUserMessage()).isEqualTo("Upload a selfie");
    }

    @Test
    void aNullStatusMeansNoStateYet() {
        final XGatewayAdapter adapter = adapterAnswering(200, "{\"success\":true,\"data\":{\"id\":\"cust-1\",\"status\":null,\"docsMissing\":[]}}");

        assertThat(adapter.fetchStatus(request("cust-1")).join().getState()).isNull();
    }

    @Test
    void theProfileGoesToTheUserEndpointWithOnlyTheFieldsWeHave() {
        final XGatewayAdapter adapter = adapterAnswering(201, "{\"success\":true,\"data\":{\"id\":\"cust-1\",\"status\":\"CREATED\"}}");

        adapter.createProfile(request("cust-1"), new CreateVendorProfile(ADA, null, null)).join();

        assertThat(seen).extracting(Seen::method, Seen::path, Seen::apiKey, Seen::contentType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/api/v2/customer/cust-1/bank-transfer/user", "xg-key", "application/json"));
        assertThat(seen.get(0).body()).isEqualTo("{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"country\":\"GB\"}");
    }

    @Test
    void theAcceptedAgreementsGoOnTheProfileAsTheirHashes() {
        final XGatewayAdapter adapter = adapterAnswering(200, "{\"success\":true,\"data\":{\"id\":\"cust-1\",\"status\":\"CREATED\"}}");

        adapter.createProfile(request("cust-1"), new CreateVendorProfile(ADA, PRIVACY_HASH, TERMS_HASH)).join();

        assertThat(seen.get(0).body()).isEqualTo("{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"country\":\"GB\","
                + "\"acceptedPrivacyPolicyHash\":\"" + PRIVACY_HASH + "\",\"acceptedTermsAndConditionsHash\":\"" + TERMS_HASH + "\"}");
    }

    @Test
    void theApplicantIsAPostOfAnEmptyObjectAndItsIdIsRead() {
        final XGatewayAdapter adapter = adapterAnswering(201, "{\"success\":true,\"data\":{\"id\":\"65f1c0ffee0ddba11c0ffee1\"}}");

        final ApplicantCreated applicant = adapter.createApplicant(request("cust-1")).join();

        assertThat(applicant.getApplicantId()).isEqualTo("65f1c0ffee0ddba11c0ffee1");
        assertThat(seen).containsExactly(new Seen("POST", "/api/v2/customer/cust-1/bank-transfer/kyc/applicant",
                "xg-key", "application/json", "{}"));
    }

    @Test
    void theExistingApplicantAnswered200IsASuccessToo() {
        final XGatewayAdapter adapter = adapterAnswering(200, "{\"success\":true,\"data\":{\"id\":\"65f1c0ffee0ddba11c0ffee1\"}}");

        assertThat(adapter.createApplicant(request("cust-1")).join().getApplicantId()).isEqualTo("65f1c0ffee0ddba11c0ffee1");
    }

    @Test
    void anApplicantAnswerWithoutAnIdGivesNoApplicantId() {
        // An answer off our description (the id is required there), so only the request is validated.
        final XGatewayAdapter adapter = adapterAnsweringOffTheDescription(201, "{\"success\":true,\"data\":{}}");

        assertThat(adapter.createApplicant(request("cust-1")).join().getApplicantId()).isNull();
    }

    @Test
    void anApplicantForAnUnknownCustomerIsANotFoundRefusal() {
        final XGatewayAdapter adapter = adapterAnswering(404,
                "{\"success\":false,\"errors\":[{\"code\":\"not_found\",\"message\":\"Customer cust-1 was not found.\"}]}");

        assertThatThrownBy(() -> adapter.createApplicant(request("cust-1")).join())
                .cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.operation()).isEqualTo("create_applicant");
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("not_found");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void aRefusalKeepsTheVendorsCodeAndMessageAndIsNotRetryable() {
        final XGatewayAdapter adapter = adapterAnswering(400,
                "{\"success\":false,\"errors\":[{\"code\":\"precondition_failed\",\"message\":\"documents missing\"}]}");

        assertThatThrownBy(() -> adapter.startVerification(request("cust-1")).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("precondition_failed");
                    assertThat(e.getMessage()).isEqualTo("documents missing");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void aServerErrorIsRetryable() {
        final XGatewayAdapter adapter = adapterAnswering(500,
                "{\"success\":false,\"errors\":[{\"code\":\"internal_server_error\",\"message\":\"boom\"}]}");

        assertThatThrownBy(() -> adapter.fetchStatus(request("cust-1")).join())
                .cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void theOpenApiDescriptionCatchesAnUnknownInitiateFieldAndAMissingApiKey() throws Exception {
        adapterAnswering(201, "{\"success\":true,\"data\":\"https://checkout.xgateway.tech/s/abc\"}");
        final HttpClient http = HttpClient.newHttpClient();
        final URI initiate = URI.create(stubUrl() + "/customer/cust-1/bank-transfer/kyc/initiate");

        http.send(HttpRequest.newBuilder(initiate).header("x-api-key", "xg-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"locale\":\"de\",\"redirectUrl\":\"https://merchant.example/back\"}"))
                .build(), HttpResponse.BodyHandlers.discarding());
        http.send(HttpRequest.newBuilder(initiate).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"locale\":\"de\"}"))
                .build(), HttpResponse.BodyHandlers.discarding());

        assertThat(violations).hasSize(2);
        assertThat(violations.get(0)).contains("validation.request.body.schema.additionalProperties").contains("redirectUrl");
        assertThat(violations.get(1)).contains("validation.request.security.missing");
        violations.clear();
    }

    private XGatewayAdapter adapterAnswering(final int status, final String body) {
        return adapterAnswering(status, body, true);
    }

    /** For an answer our OpenAPI description does not allow: only the adapter's request is validated. */
    private XGatewayAdapter adapterAnsweringOffTheDescription(final int status, final String body) {
        return adapterAnswering(status, body, false);
    }

    private XGatewayAdapter adapterAnswering(final int status, final String body, final boolean described) {
        return adapterAnswering(method -> new Answer(status, body), described);
    }

    /** What the stub answers a request with. */
    private record Answer(int status, String body) {
    }

    private XGatewayAdapter adapterAnswering(final java.util.function.Function<String, Answer> answers, final boolean described) {
        try {
            stub = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stub.createContext("/", exchange -> {
            final Answer answer = answers.apply(exchange.getRequestMethod());
            final String received = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("x-api-key"), exchange.getRequestHeaders().getFirst("Content-Type"),
                    received));
            try {
                validate(exchange, received, answer.status(), answer.body(), described);
            } catch (RuntimeException e) {
                violations.add("could not validate " + exchange.getRequestURI() + ": " + e);
            }
            final byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.status() == 204 ? -1 : bytes.length);
            if (answer.status() != 204) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        stub.start();
        return new XGatewayAdapter(HttpClient.newHttpClient(), stubUrl() + "/", "xg-key", Duration.ofSeconds(5), Duration.ofSeconds(5), blobs);
    }

    /** Where xGateway's API lives on the stub, like {@code https://api.xgateway.tech/api/v2}. */
    private String stubUrl() {
        return "http://localhost:" + stub.getAddress().getPort() + "/api/v2";
    }

    /** Checks the request as received, and the canned answer when {@code described}, against openapi/xgateway.yaml. */
    private void validate(final HttpExchange exchange, final String received, final int status, final String body,
                          final boolean described) {
        final SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        exchange.getRequestHeaders().forEach(request::withHeader);
        if (!received.isEmpty()) {
            request.withBody(received);
        }
        final SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (!body.isEmpty()) {
            response.withContentType("application/json").withBody(body);
        }
        final ValidationReport report = described ? OPENAPI.validate(request.build(), response.build())
                : OPENAPI.validateRequest(request.build());
        report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .forEach(message -> violations.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " ("
                        + status + "): " + message.getKey() + ": " + message.getMessage()));
    }

    private DocumentRef stored(final String id, final String docType, final String side, final String content) throws IOException {
        final BlobStore.Stored blob = blobs.put(content.getBytes(StandardCharsets.ISO_8859_1));
        return new DocumentRef(id, docType, side, blob.id(), blob.size());
    }

    private static ProviderRequest verification(final String customerId, final DocumentRef... documents) {
        return ProviderRequest.newBuilder(request(customerId)).setPayload(new BeginVerification(List.of(documents))).build();
    }

    /** A field's value in a multipart body as the stub received it. */
    private static String formField(final Seen seen, final String name) {
        final String boundary = "--" + seen.contentType().substring(seen.contentType().indexOf("boundary=") + "boundary=".length());
        for (String part : seen.body().split(java.util.regex.Pattern.quote(boundary))) {
            final int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd > 0 && part.substring(0, headerEnd).contains("name=\"" + name + "\"")) {
                return part.substring(headerEnd + 4, part.length() - 2);
            }
        }
        return null;
    }

    private static ProviderRequest request(final String customerId) {
        return ProviderRequest.newBuilder().setRequestId("req-1").setTenantId("t").setCustomerId(customerId)
                .setVendor(Vendor.XGATEWAY).setIssuedAt(Instant.now()).setPayload(new BeginVerification()).build();
    }
}
