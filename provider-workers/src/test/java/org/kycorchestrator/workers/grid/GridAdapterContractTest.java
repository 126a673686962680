package org.kycorchestrator.workers.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * What goes over the wire to Grid, checked against an HTTP stub that answers as Grid's pages show
 * (their examples included). Every request the adapter sends is also validated against our OpenAPI
 * description of Grid, and every stub answer too.
 */
class GridAdapterContractTest {

    private static final String GRID_ID = "Customer:019542f5-b3e7-1d02-0000-000000000001";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("grid-id:grid-secret".getBytes(StandardCharsets.UTF_8));
    private static final Profile ADA = new Profile("Ada", "Lovelace", "ada@example.com", "+442071234567", "GB", "1815-12-10",
            null, null, null, null);
    private static final String CUSTOMER = """
            {"id":"%s","platformCustomerId":"cust-1","customerType":"INDIVIDUAL","umaAddress":"$john.doe@uma.domain.com",
             "kycStatus":"%s","fullName":"John Michael Doe","birthDate":"1990-01-15","nationality":"US",
             "address":{"line1":"123 Main Street","line2":"Apt 4B","city":"San Francisco","state":"CA","postalCode":"94105","country":"US"},
             "createdAt":"2025-07-21T17:32:28Z","updatedAt":"2025-08-15T14:32:00Z","isDeleted":false}""";
    private static final String NO_CUSTOMERS = "{\"data\":[],\"hasMore\":false,\"totalCount\":0}";
    private static final String ONE_CUSTOMER = "{\"data\":[" + customer("PENDING") + "],\"hasMore\":false,\"totalCount\":1}";
    private static final String NO_VERIFICATIONS = "{\"data\":[],\"hasMore\":false,\"totalCount\":0}";

    private final GridStub stub = new GridStub();
    private final GridAdapter adapter = new GridAdapter(HttpClient.newHttpClient(), stub.baseUrl() + "/", "grid-id",
            "grid-secret", Duration.ofSeconds(5));

    @AfterEach
    void stopStub() {
        stub.close();
    }

    // --- createProfile

    @Test
    void aNewCustomerIsLookedUpByOurIdThenCreatedWithOurIdAsPlatformCustomerId() {
        stub.on("GET", "/customers", 200, NO_CUSTOMERS).on("POST", "/customers", 201, customer("UNVERIFIED"));

        adapter.createProfile(request("cust-1"), new CreateVendorProfile(ADA, "privacy-hash", "terms-hash")).join();

        assertThat(stub.seen()).extracting(GridStub.Seen::method, GridStub.Seen::path, GridStub.Seen::query).containsExactly(
                tuple("GET", "/grid/2025-10-13/customers", "platformCustomerId=cust-1"),
                tuple("POST", "/grid/2025-10-13/customers", null));
        final GridStub.Seen create = stub.seen().get(1);
        assertThat(create.header("Content-Type")).isEqualTo("application/json");
        assertThat(create.body()).isEqualTo("{\"platformCustomerId\":\"cust-1\",\"customerType\":\"INDIVIDUAL\","
                + "\"fullName\":\"Ada Lovelace\",\"birthDate\":\"1815-12-10\",\"email\":\"ada@example.com\","
                + "\"phoneNumber\":\"+442071234567\"}");
        assertEveryRequestIsAuthenticatedAndValid();
    }

    @Test
    void onlyTheFieldsWeHaveAreSent() {
        stub.on("GET", "/customers", 200, NO_CUSTOMERS).on("POST", "/customers", 201, customer("UNVERIFIED"));

        adapter.createProfile(request("cust-1"), new CreateVendorProfile(
                new Profile(null, "Lovelace", null, null, null, null, null, null, null, null), null, null)).join();

        assertThat(stub.seen().get(1).body())
                .isEqualTo("{\"platformCustomerId\":\"cust-1\",\"customerType\":\"INDIVIDUAL\",\"fullName\":\"Lovelace\"}");
        assertEveryRequestIsAuthenticatedAndValid();
    }

    @Test
    void aCustomerThatAlreadyExistsIsUpdatedNotCreatedAgain() {
        stub.on("GET", "/customers", 200, ONE_CUSTOMER).on("PATCH", "/customers/" + GRID_ID, 200, customer("PENDING"));

        adapter.createProfile(request("cust-1"), new CreateVendorProfile(ADA, null, null)).join();

        assertThat(stub.seen()).extracting(GridStub.Seen::method, GridStub.Seen::path).containsExactly(
                tuple("GET", "/grid/2025-10-13/customers"), tuple("PATCH", "/grid/2025-10-13/customers/" + GRID_ID));
        assertThat(stub.seen().get(1).body()).isEqualTo("{\"customerType\":\"INDIVIDUAL\",\"fullName\":\"Ada Lovelace\","
                + "\"birthDate\":\"1815-12-10\",\"email\":\"ada@example.com\",\"phoneNumber\":\"+442071234567\"}");
        assertEveryRequestIsAuthenticatedAndValid();
    }

    @Test
    void aCreateThatLosesARaceToAnotherAttemptUpdatesTheCustomerThatAttemptMade() {
        stub.on("GET", "/customers", 200, NO_CUSTOMERS).on("GET", "/customers", 200, ONE_CUSTOMER)
                .on("POST", "/customers", 409, "{\"status\":409,\"code\":\"CONFLICT\",\"message\":\"platformCustomerId exists\"}")
                .on("PATCH", "/customers/" + GRID_ID, 200, customer("UNVERIFIED"));

        adapter.createProfile(request("cust-1"), new CreateVendorProfile(ADA, null, null)).join();

        assertThat(stub.seen()).extracting(GridStub.Seen::method).containsExactly("GET", "POST", "GET", "PATCH");
        assertEveryRequestIsAuthenticatedAndValid();
    }

    @Test
    void aConflictThatIsNotAboutOurIdIsARefusalWithGridsCode() {
        stub.on("GET", "/customers", 200, NO_CUSTOMERS)
                .on("POST", "/customers", 409, "{\"status\":409,\"code\":\"UMA_ADDRESS_EXISTS\",\"message\":\"UMA address already exists\"}");

        assertRefused(() -> adapter.createProfile(request("cust-1"), new CreateVendorProfile(ADA, null, null)).join(),
                e -> {
                    assertThat(e.operation()).isEqualTo("create_customer");
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("UMA_ADDRESS_EXISTS");
                    assertThat(e.getMessage()).isEqualTo("UMA address already exists");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void aValidationFailureKeepsGridsCodeAndMessageAndIsNotRetryable() {
        stub.on("GET", "/customers", 200, NO_CUSTOMERS).on("POST", "/customers", 400, """
                {"status":400,"code":"INVALID_INPUT","message":"Invalid input: birthDate must be a date written YYYY-MM-DD.",
                 "details":{"errors":[{"field":"birthDate","message":"must be a date written YYYY-MM-DD"}]}}""");

        assertRefused(() -> adapter.createProfile(request("cust-1"), new CreateVendorProfile(ADA, null, null)).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("INVALID_INPUT");
            assertThat(e.getMessage()).isEqualTo("Invalid input: birthDate must be a date written YYYY-MM-DD.");
            assertThat(e.retryable()).isFalse();
        });
    }

    // --- createApplicant, startVerification

    @Test
    void gridHasNoApplicantAndNoVerificationCallSoNeitherCallsAnything() {
        assertThat(adapter.createApplicant(request("cust-1")).join().getApplicantId()).isNull();
        adapter.startVerification(request("cust-1")).join();

        assertThat(stub.seen()).isEmpty();
    }

    // --- requestLink

    @Test
    void theLinkIsAPostForGridsCustomerIdWithTheRedirectUriAndAnIdempotencyKey() {
        stub.on("GET", "/customers", 200, ONE_CUSTOMER).on("POST", "/customers/" + GRID_ID + "/kyc-link", 201, """
                {"kycUrl":"https://kyc.lightspark.com/onboard/abc123def456","expiresAt":"2027-01-15T14:32:00Z",
                 "provider":"SUMSUB","token":"_act-sbx-jwt-eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"}""");

        final LinkIssued link = adapter.requestLink(request("cust-1"),
                new IssueLink("de", "https://app.example.com/onboarding/completed", null)).join();

        assertThat(link.getLink().getUrl()).isEqualTo("https://kyc.lightspark.com/onboard/abc123def456");
        assertThat(link.getLink().getExpiresAt()).isEqualTo(Instant.parse("2027-01-15T14:32:00Z"));
        assertThat(link.getVendorReference()).isEqualTo(GRID_ID);
        final GridStub.Seen post = stub.seen().get(1);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/grid/2025-10-13/customers/" + GRID_ID + "/kyc-link");
        assertThat(post.header("Idempotency-Key")).isEqualTo(GridAdapter.idempotencyKey(request("cust-1")));
        assertThat(post.header("Content-Type")).isEqualTo("application/json");
        assertThat(post.body()).isEqualTo("{\"redirectUri\":\"https://app.example.com/onboarding/completed\"}");
        assertEveryRequestIsAuthenticatedAndValid();
    }

    @Test
    void withoutARedirectUriTheLinkRequestHasNoBodyAndAnAnswerWithoutTokenIsFine() {
        stub.on("GET", "/customers", 200, ONE_CUSTOMER).on("POST", "/customers/" + GRID_ID + "/kyc-link", 201,
                "{\"kycUrl\":\"https://kyc.lightspark.com/onboard/x\",\"expiresAt\":\"2027-01-15T14:32:00+02:00\",\"provider\":\"SUMSUB\"}");

        final LinkIssued link = adapter.requestLink(request("cust-1"), new IssueLink(null, null, null)).join();

        assertThat(link.getLink().getExpiresAt()).isEqualTo(Instant.parse("2027-01-15T12:32:00Z"));
        assertThat(stub.seen().get(1).body()).isEmpty();
        assertThat(stub.seen().get(1).header("Content-Type")).isNull();
        assertEveryRequestIsAuthenticatedAndValid();
    }

    @Test
    void theIdempotencyKeyIsTheSameForARedeliveredRequestAndDiffersBetweenRequests() {
        assertThat(GridAdapter.idempotencyKey(request("cust-1", "req-1"))).isEqualTo(GridAdapter.idempotencyKey(request("cust-2", "req-1")))
                .isNotEqualTo(GridAdapter.idempotencyKey(request("cust-1", "req-2")))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void gridsCustomerIdIsLookedUpOnceAndRemembered() {
        stub.on("GET", "/customers", 200, ONE_CUSTOMER).on("POST", "/customers/" + GRID_ID + "/kyc-link", 201,
                "{\"kycUrl\":\"https://kyc.lightspark.com/onboard/x\",\"expiresAt\":\"2027-01-15T14:32:00Z\",\"provider\":\"SUMSUB\"}");

        adapter.requestLink(request("cust-1"), new IssueLink(null, null, null)).join();
        adapter.requestLink(request("cust-1", "req-2"), new IssueLink(null, null, null)).join();

        assertThat(stub.seen()).extracting(GridStub.Seen::method).containsExactly("GET", "POST", "POST");
    }

    @Test
    void aLinkForACustomerGridDoesNotKnowIsANotFoundRefusalWithoutALinkCall() {
        stub.on("GET", "/customers", 200, NO_CUSTOMERS);

        assertRefused(() -> adapter.requestLink(request("cust-1"), new IssueLink(null, null, null)).join(), e -> {
            assertThat(e.operation()).isEqualTo("create_kyc_link");
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("USER_NOT_FOUND");
            assertThat(e.retryable()).isFalse();
        });
        assertThat(stub.seen()).hasSize(1);
    }

    @Test
    void aLinkRefusedUntilTheContactIsVerifiedIsA409RefusalThatIsNotRetried() {
        stub.on("GET", "/customers", 200, ONE_CUSTOMER).on("POST", "/customers/" + GRID_ID + "/kyc-link", 409,
                "{\"status\":409,\"code\":\"CONTACT_VERIFICATION_REQUIRED\",\"message\":\"Verify the email and phone first.\"}");

        assertRefused(() -> adapter.requestLink(request("cust-1"), new IssueLink(null, null, null)).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("CONTACT_VERIFICATION_REQUIRED");
            assertThat(e.getMessage()).isEqualTo("Verify the email and phone first.");
            assertThat(e.retryable()).isFalse();
        });
    }

    @Test
    void aRateLimitIsRetryableWhetherItsTextComesAsMessageOrAsReason() {
        stub.on("GET", "/customers", 200, ONE_CUSTOMER)
                .on("POST", "/customers/" + GRID_ID + "/kyc-link", 429,
                        "{\"status\":429,\"code\":\"RATE_LIMITED\",\"message\":\"Slow down.\"}", Map.of("Retry-After", "1"))
                .on("POST", "/customers/" + GRID_ID + "/kyc-link", 429,
                        "{\"code\":\"RATE_LIMITED\",\"reason\":\"Too many requests.\"}", Map.of("Retry-After", "2"));

        for (final String message : new String[] {"Slow down.", "Too many requests."}) {
            assertRefused(() -> adapter.requestLink(request("cust-1"), new IssueLink(null, null, null)).join(), e -> {
                assertThat(e.httpStatus()).isEqualTo(429);
                assertThat(e.code()).isEqualTo("RATE_LIMITED");
                assertThat(e.getMessage()).isEqualTo(message);
                assertThat(e.retryable()).isTrue();
            });
        }
    }

    @Test
    void badCredentialsAreARefusalAndAServerErrorOrNoAnswerIsRetryable() {
        stub.on("GET", "/customers", 401, "{\"status\":401,\"code\":\"UNAUTHORIZED\",\"message\":\"Issue with API credentials\"}");
        assertRefused(() -> adapter.requestLink(request("cust-1"), new IssueLink(null, null, null)).join(), e -> {
            assertThat(e.operation()).isEqualTo("list_customers");
            assertThat(e.code()).isEqualTo("UNAUTHORIZED");
            assertThat(e.retryable()).isFalse();
        });

        stub.on("GET", "/customers/" + GRID_ID, 500, "{\"status\":500,\"code\":\"INTERNAL_ERROR\",\"message\":\"boom\"}")
                .on("GET", "/verifications", 200, NO_VERIFICATIONS);
        assertRefused(() -> adapter.fetchStatus(statusRequest("cust-1", GRID_ID)).join(), e -> {
            assertThat(e.code()).isEqualTo("INTERNAL_ERROR");
            assertThat(e.retryable()).isTrue();
        });

        final GridAdapter unreachable = new GridAdapter(HttpClient.newHttpClient(), "http://localhost:1/grid/2025-10-13",
                "grid-id", "grid-secret", Duration.ofSeconds(2));
        assertRefused(() -> unreachable.fetchStatus(statusRequest("cust-1", GRID_ID)).join(), e -> {
            assertThat(e.httpStatus()).isZero();
            assertThat(e.retryable()).isTrue();
        });
    }

    // --- fetchStatus

    @Test
    void theStatusReadsTheCustomerAndItsVerificationsByGridsIdFromTheLink() {
        stub.on("GET", "/customers/" + GRID_ID, 200, customer("APPROVED")).on("GET", "/verifications", 200, """
                {"data":[{"id":"Verification:019542f5-b3e7-1d02-0000-000000000010","customerId":"%s",
                  "verificationStatus":"APPROVED","errors":[],"createdAt":"2025-08-15T14:00:00Z","updatedAt":"2025-08-15T14:31:00Z"}],
                 "hasMore":false,"totalCount":1}""".formatted(GRID_ID));

        final StatusObserved status = adapter.fetchStatus(statusRequest("cust-1", GRID_ID)).join();

        assertThat(stub.seen()).extracting(GridStub.Seen::method, GridStub.Seen::path, GridStub.Seen::query)
                .containsExactlyInAnyOrder(tuple("GET", "/grid/2025-10-13/customers/" + GRID_ID, null),
                        tuple("GET", "/grid/2025-10-13/verifications", "customerId=Customer%3A019542f5-b3e7-1d02-0000-000000000001"));
        assertThat(status.getVendorStatus()).isEqualTo("APPROVED");
        assertThat(status.getState()).isEqualTo(KycState.APPROVED);
        assertThat(status.getDocsMissing()).isEmpty();
        assertThat(status.getRejectLabels()).isEmpty();
        assertThat(status.getEndUserMessage()).isNull();
        assertThat(status.getVendorTime()).isEqualTo(Instant.parse("2025-08-15T14:32:00Z"));
        assertEveryRequestIsAuthenticatedAndValid();
    }

    @Test
    void withoutAVendorReferenceGridsIdIsLookedUpFirst() {
        stub.on("GET", "/customers", 200, ONE_CUSTOMER).on("GET", "/customers/" + GRID_ID, 200, customer("UNVERIFIED"))
                .on("GET", "/verifications", 200, NO_VERIFICATIONS);

        final StatusObserved status = adapter.fetchStatus(statusRequest("cust-1", null)).join();

        assertThat(stub.seen().get(0).query()).isEqualTo("platformCustomerId=cust-1");
        assertThat(status.getVendorStatus()).isEqualTo("UNVERIFIED");
        assertThat(status.getState()).isEqualTo(KycState.CREATED);
        assertThat(status.getVendorTime()).isEqualTo(Instant.parse("2025-08-15T14:32:00Z"));
        assertEveryRequestIsAuthenticatedAndValid();
    }

    @Test
    void errorsToResolveBecomeWhatIsMissingWithTheirReasonsAsTheMessage() {
        stub.on("GET", "/customers/" + GRID_ID, 200, customer("PENDING")).on("GET", "/verifications", 200, """
                {"data":[{"id":"Verification:019542f5-b3e7-1d02-0000-000000000001","customerId":"%s",
                  "verificationStatus":"RESOLVE_ERRORS","errors":[
                   {"resourceId":"%1$s","type":"MISSING_FIELD","field":"customer.address.line1","reason":"Business address line 1 is required"},
                   {"resourceId":"%1$s","type":"MISSING_PROOF_OF_ADDRESS_DOCUMENT","acceptedDocumentTypes":["PROOF_OF_ADDRESS"],
                    "reason":"Proof of address document is required"},
                   {"resourceId":"BeneficialOwner:019542f5-b3e7-1d02-0000-000000000002","type":"MISSING_FIELD",
                    "field":"personalInfo.birthDate","reason":"Date of birth is required for beneficial owners"}],
                  "createdAt":"2025-10-03T12:00:00Z"}],"hasMore":false}""".formatted(GRID_ID));

        final StatusObserved status = adapter.fetchStatus(statusRequest("cust-1", GRID_ID)).join();

        assertThat(status.getVendorStatus()).isEqualTo("RESOLVE_ERRORS");
        assertThat(status.getState()).isEqualTo(KycState.SOFT_KYC_FAILED);
        assertThat(status.getDocsMissing())
                .containsExactly("customer.address.line1", "PROOF_OF_ADDRESS_DOCUMENT", "personalInfo.birthDate");
        assertThat(status.getRejectLabels()).isEmpty();
        assertThat(status.getEndUserMessage()).isEqualTo("Business address line 1 is required Proof of address document is required "
                + "Date of birth is required for beneficial owners");
        assertThat(status.getVendorTime()).isEqualTo(Instant.parse("2025-10-03T12:00:00Z"));
    }

    @Test
    void aRejectionCarriesItsErrorTypesAsRejectLabels() {
        stub.on("GET", "/customers/" + GRID_ID, 200, customer("REJECTED")).on("GET", "/verifications", 200, verifications(
                verification("V1", "REJECTED", "2025-08-15T14:00:00Z",
                        "{\"resourceId\":\"" + GRID_ID + "\",\"type\":\"APPLICANT_SANCTIONED\",\"reason\":\"Applicant is sanctioned\"},"
                                + "{\"resourceId\":\"Document:1\",\"type\":\"SUSPECTED_FRAUD_DOCUMENT\",\"reason\":\"Document looks edited\"}")));

        final StatusObserved status = adapter.fetchStatus(statusRequest("cust-1", GRID_ID)).join();

        assertThat(status.getState()).isEqualTo(KycState.HARD_KYC_FAILED);
        assertThat(status.getRejectLabels()).containsExactly("APPLICANT_SANCTIONED", "SUSPECTED_FRAUD_DOCUMENT");
        assertThat(status.getDocsMissing()).isEmpty();
    }

    @Test
    void aCustomerOnHoldIsASoftFailureExplainedByItsNewestVerification() {
        stub.on("GET", "/customers/" + GRID_ID, 200, customer("HOLD")).on("GET", "/verifications", 200, verifications(
                verification("V2", "RESOLVE_ERRORS", "2025-08-15T14:00:00Z", "{\"resourceId\":\"" + GRID_ID
                        + "\",\"type\":\"MISSING_IDENTITY_DOCUMENT\",\"acceptedDocumentTypes\":[\"PASSPORT\"],\"reason\":\"ID needed\"}"),
                verification("V1", "APPROVED", "2025-01-01T00:00:00Z", "")));

        final StatusObserved status = adapter.fetchStatus(statusRequest("cust-1", GRID_ID)).join();

        assertThat(status.getVendorStatus()).isEqualTo("HOLD");
        assertThat(status.getState()).isEqualTo(KycState.SOFT_KYC_FAILED);
        assertThat(status.getDocsMissing()).containsExactly("IDENTITY_DOCUMENT");
        assertThat(status.getEndUserMessage()).isEqualTo("ID needed");
    }

    @Test
    void whileTheCustomerIsPendingTheNewestVerificationTellsWhereItStands() {
        stub.on("GET", "/customers/" + GRID_ID, 200, customer("PENDING")).on("GET", "/verifications", 200, verifications(
                verification("V1", "RESOLVE_ERRORS", "2025-08-15T10:00:00Z", ""),
                verification("V3", "PENDING_MANUAL_REVIEW", "2025-08-15T14:00:00Z", ""),
                verification("V2", "IN_PROGRESS", "2025-08-15T12:00:00Z", "")));

        final StatusObserved status = adapter.fetchStatus(statusRequest("cust-1", GRID_ID)).join();

        assertThat(status.getVendorStatus()).isEqualTo("PENDING_MANUAL_REVIEW");
        assertThat(status.getState()).isEqualTo(KycState.MANUAL_REVIEW);
    }

    @Test
    void aPendingCustomerWithoutVerificationIsKycPending() {
        stub.on("GET", "/customers/" + GRID_ID, 200, customer("PENDING")).on("GET", "/verifications", 200, NO_VERIFICATIONS);

        final StatusObserved status = adapter.fetchStatus(statusRequest("cust-1", GRID_ID)).join();

        assertThat(status.getVendorStatus()).isEqualTo("PENDING");
        assertThat(status.getState()).isEqualTo(KycState.KYC_PENDING);
    }

    @Test
    void anUnknownCustomerIdIsANotFoundRefusal() {
        stub.on("GET", "/customers/" + GRID_ID, 404, "{\"status\":404,\"code\":\"USER_NOT_FOUND\",\"message\":\"Customer not found\"}")
                .on("GET", "/verifications", 200, NO_VERIFICATIONS);

        assertRefused(() -> adapter.fetchStatus(statusRequest("cust-1", GRID_ID)).join(), e -> {
            assertThat(e.operation()).isEqualTo("get_customer");
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("USER_NOT_FOUND");
            assertThat(e.retryable()).isFalse();
        });
    }

    @Test
    void ourIdForGridsIsReadFromTheCustomer() {
        stub.on("GET", "/customers/" + GRID_ID, 200, customer("PENDING"));

        assertThat(adapter.platformCustomerIdOf(GRID_ID)).contains("cust-1");
        assertThat(adapter.platformCustomerIdOf("Customer:unknown")).isEmpty();
        assertEveryRequestIsAuthenticatedAndValid();
    }

    private void assertEveryRequestIsAuthenticatedAndValid() {
        assertThat(stub.seen()).isNotEmpty().allSatisfy(seen -> {
            assertThat(seen.header("Authorization")).isEqualTo(BASIC);
            assertThat(seen.header("Accept")).isEqualTo("application/json");
            GridSpec.assertValidRequest(seen);
        });
    }

    private static void assertRefused(final Runnable call, final Consumer<VendorCallException> expectations) {
        assertThatThrownBy(call::run).cause().isInstanceOfSatisfying(VendorCallException.class, expectations);
    }

    private static String customer(final String kycStatus) {
        return CUSTOMER.formatted(GRID_ID, kycStatus);
    }

    private static String verifications(final String... verifications) {
        return "{\"data\":[" + String.join(",", verifications) + "],\"hasMore\":false,\"totalCount\":" + verifications.length + "}";
    }

    private static String verification(final String id, final String status, final String createdAt, final String errors) {
        return "{\"id\":\"Verification:" + id + "\",\"customerId\":\"" + GRID_ID + "\",\"verificationStatus\":\"" + status
                + "\",\"errors\":[" + errors + "],\"createdAt\":\"" + createdAt + "\"}";
    }

    private static ProviderRequest request(final String customerId) {
        return request(customerId, "req-1");
    }

    private static ProviderRequest request(final String customerId, final String requestId) {
        return ProviderRequest.newBuilder().setRequestId(requestId).setTenantId("t").setCustomerId(customerId)
                .setVendor(Vendor.GRID).setIssuedAt(Instant.now()).setPayload(new BeginVerification()).build();
    }

    private static ProviderRequest statusRequest(final String customerId, final String vendorReference) {
        return ProviderRequest.newBuilder().setRequestId("req-s").setTenantId("t").setCustomerId(customerId)
                .setVendor(Vendor.GRID).setIssuedAt(Instant.now()).setPayload(new FetchStatus("poll", vendorReference)).build();
    }
}
