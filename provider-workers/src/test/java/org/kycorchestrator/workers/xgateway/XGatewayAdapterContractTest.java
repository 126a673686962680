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
import org.junit.jupiter.api.Test;
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

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Whatever did not match openapi/xgateway.yaml, request or answer, one line each. */
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private HttpServer stub;

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
        try {
            stub = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stub.createContext("/", exchange -> {
            final String received = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("x-api-key"), exchange.getRequestHeaders().getFirst("Content-Type"),
                    received));
            try {
                validate(exchange, received, status, body, described);
            } catch (RuntimeException e) {
                violations.add("could not validate " + exchange.getRequestURI() + ": " + e);
            }
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
            if (status != 204) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        stub.start();
        return new XGatewayAdapter(HttpClient.newHttpClient(), stubUrl() + "/", "xg-key", Duration.ofSeconds(5), Duration.ofSeconds(5));
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

    private static ProviderRequest request(final String customerId) {
        return ProviderRequest.newBuilder().setRequestId("req-1").setTenantId("t").setCustomerId(customerId)
                .setVendor(Vendor.XGATEWAY).setIssuedAt(Instant.now()).setPayload(new BeginVerification()).build();
    }
}
