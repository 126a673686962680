package org.kycorchestrator.workers.capa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
 * What goes over the wire to Capa, against a stub answering as Capa's pages show; every request
 * (and every scripted answer) must match our OpenAPI description of Capa.
 */
class CapaAdapterContractTest {

    private static final String KEY = "partner-key-1";
    private static final String CUSTOMER = "cust-1";
    private static final String USER_ID = "2da954cd-2fda-49c2-ad77-6208c5ab71d6";
    private static final String USERS = "/api/partner/v2/users";
    private static final String LINK = "/api/partner/v2/kyc/verification-link";
    private static final String DETAILS = "/api/partner/v2/kyc/details";
    private static final String FOUND = "{\"success\":true,\"data\":[{\"userId\":\"" + USER_ID
            + "\",\"type\":\"INDIVIDUAL\",\"email\":\"ana@example.com\",\"externalUserId\":\"" + CUSTOMER + "\"}]}";
    private static final String NOBODY = "{\"success\":true,\"data\":[]}";
    private static final Profile MEXICAN = new Profile("Ana", "García", "ana@example.com", "+525512345678", "MX", "1978-02-11",
            null, "GALA780211AB1", "Entrepreneur or Contractor", "MX");
    private static final String REDIRECT = "https://shop.example/kyc-done";

    private final CapaStub capa = CapaStub.start();
    private final CapaAdapter adapter = new CapaAdapter(HttpClient.newHttpClient(), capa.baseUrl() + "/", KEY, Duration.ofSeconds(5));

    @AfterEach
    void everyRequestMatchedTheOpenApiDescription() {
        try {
            assertThat(capa.openApiViolations()).isEmpty();
        } finally {
            capa.close();
        }
    }

    // --- createProfile: POST /users

    @Test
    void theProfileIsAnIndividualUserWithTheEmailAndOurCustomerIdAsExternalUserId() {
        // given Capa answers as its create-user page shows
        capa.answer("POST", USERS, 201, "{\"success\":true,\"data\":{\"userId\":\"9486244c-ff7d-4c22-9984-797179d7deaa\"}}");

        // when the profile is created
        adapter.createProfile(request(new BeginVerification()), new CreateVendorProfile(MEXICAN, null, null)).join();

        // then exactly one create-user call went out, with the partner key and only the documented fields
        assertThat(capa.seen()).containsExactly(new CapaStub.Seen("POST", USERS, null, KEY, "application/json",
                "{\"type\":\"INDIVIDUAL\",\"email\":\"ana@example.com\",\"externalUserId\":\"cust-1\"}"));
    }

    @Test
    void aConflictIsNoFailureWhenTheLookUpByExternalUserIdFindsTheUser() {
        // given the user exists already (a retry, or another worker got there first)
        capa.answer("POST", USERS, 409, conflict("externalUserId")).answer("GET", USERS, 200, FOUND);

        // when the profile is created again
        adapter.createProfile(request(new BeginVerification()), new CreateVendorProfile(MEXICAN, null, null)).join();

        // then the adapter looked the user up instead of failing, and made no second user
        assertThat(capa.seen()).extracting(CapaStub.Seen::method, CapaStub.Seen::path, CapaStub.Seen::query, CapaStub.Seen::apiKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", USERS, null, KEY),
                        org.assertj.core.groups.Tuple.tuple("GET", USERS, "externalUserId=cust-1", KEY));
    }

    @Test
    void aConflictWithoutAUserOfOursStaysARefusalWithCapasCode() {
        // given another user holds the e-mail address, and no user has our customer id
        capa.answer("POST", USERS, 409, conflict("email")).answer("GET", USERS, 200, NOBODY);

        // when / then
        assertRefused(() -> adapter.createProfile(request(new BeginVerification()), new CreateVendorProfile(MEXICAN, null, null)).join(),
                "create_user", 409, "CONFLICT_ERROR", "A user with this email already exists", false);
    }

    @Test
    void anInvalidEmailIsRefusedWithCapasDocumentedBadRequest() {
        capa.answer("POST", USERS, 400, "{\"statusCode\":400,\"code\":\"BAD_REQUEST\",\"message\":\"Provided email is not valid\"}");

        assertRefused(() -> adapter.createProfile(request(new BeginVerification()), new CreateVendorProfile(MEXICAN, null, null)).join(),
                "create_user", 400, "BAD_REQUEST", "Provided email is not valid", false);
    }

    // --- createApplicant, startVerification: nothing to call

    @Test
    void theApplicantAndTheVerificationCompleteWithoutAnyCallBecauseCapaHasNeither() {
        assertThat(adapter.createApplicant(request(new BeginVerification())).join().getApplicantId()).isNull();
        adapter.startVerification(request(new BeginVerification())).join();

        assertThat(capa.seen()).isEmpty();
    }

    // --- requestLink: GET /users?externalUserId=, then POST /kyc/verification-link

    @Test
    void aMexicanLinkGoesToTheLookedUpUserWithTheCountryRedirectAndPersonalInfo() {
        // given Capa knows the user and answers the link call as Capa's "generate direct KYC link" page shows
        capa.answer("GET", USERS, 200, FOUND)
                .answer("POST", LINK, 201, "{\"status\":\"ok\",\"data\":{\"kycLink\":\"https://verify.aiprise.com/?session=s-1\"}}");

        // when a link is requested
        final LinkIssued link = adapter.requestLink(request(new BeginVerification()), new IssueLink("es", REDIRECT, MEXICAN)).join();

        // then the link, no expiry (Capa gives none), and Capa's userId as the vendor reference
        assertThat(link.getLink().getUrl()).isEqualTo("https://verify.aiprise.com/?session=s-1");
        assertThat(link.getLink().getExpiresAt()).isNull();
        assertThat(link.getVendorReference()).isEqualTo(USER_ID);
        // and the body carries the profile's personal information for Mexico
        assertThat(capa.seen()).hasSize(2);
        assertThat(capa.seen().get(0)).isEqualTo(new CapaStub.Seen("GET", USERS, "externalUserId=cust-1", KEY, null, ""));
        assertThat(capa.seen().get(1)).isEqualTo(new CapaStub.Seen("POST", LINK, null, KEY, "application/json",
                "{\"userId\":\"" + USER_ID + "\",\"country\":\"MX\",\"partnerRedirectUri\":\"" + REDIRECT + "\","
                        + "\"personalInfo\":{\"profession\":\"Entrepreneur or Contractor\",\"phoneNumber\":\"+525512345678\","
                        + "\"birthCountry\":\"MX\",\"taxId\":\"GALA780211AB1\"}}"));
    }

    @Test
    void aDominicanLinkCarriesNoPersonalInfoBecauseCapaNeedsItForMexicoOnly() {
        capa.answer("GET", USERS, 200, FOUND)
                .answer("POST", LINK, 201, "{\"status\":\"ok\",\"data\":{\"kycLink\":\"https://verify.aiprise.com/?session=s-2\"}}");
        final Profile dominican = new Profile("Luis", "Peña", "luis@example.com", "+18095550100", "do", null, null, null, "Student", "DO");

        adapter.requestLink(request(new BeginVerification()), new IssueLink(null, REDIRECT, dominican)).join();

        assertThat(capa.seen().get(1).body())
                .isEqualTo("{\"userId\":\"" + USER_ID + "\",\"country\":\"DO\",\"partnerRedirectUri\":\"" + REDIRECT + "\"}");
    }

    @Test
    void aLinkForACustomerCapaDoesNotKnowIsANotFoundRefusalWithoutALinkCall() {
        capa.answer("GET", USERS, 200, NOBODY);

        assertRefused(() -> adapter.requestLink(request(new BeginVerification()), new IssueLink(null, REDIRECT, MEXICAN)).join(),
                "find_user", 404, "NOT_FOUND_ERROR", "Capa has no user for this customer; the profile must be created first", false);
        assertThat(capa.seen()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} {1} is refused with Capa''s code, retryable: {3}")
    @CsvSource(delimiter = '|', value = {
            "400 | INVALID_USER_INPUT_ERROR           | Invalid User Input: personalInfo.taxId must be a Mexican RFC | false",
            "400 | INVALID_VERIFICATION_TYPE_FOR_USER | KYC is only for INDIVIDUAL users                               | false",
            "400 | KYC_TEMPLATE_NOT_CONFIGURED_ERROR  | No KYC template is configured for this country                 | false",
            "401 | UNAUTHORIZED                       | Invalid API Key                                                | false",
            "403 | INVALID_PARTNER_FLOW               | The partner has an invalid flow.                               | false",
            "404 | NOT_FOUND_ERROR                    | Requested user was not found                                   | false",
            "500 | INTERNAL_SERVER_ERROR              | Failed to generate the KYC link                                | true",
    })
    void everyDocumentedLinkErrorKeepsCapasCodeAndMessage(final int status, final String code, final String message,
                                                          final boolean retryable) {
        capa.answer("GET", USERS, 200, FOUND)
                .answer("POST", LINK, status, "{\"statusCode\":" + status + ",\"code\":\"" + code + "\",\"message\":\"" + message + "\"}");

        assertRefused(() -> adapter.requestLink(request(new BeginVerification()), new IssueLink(null, REDIRECT, MEXICAN)).join(),
                "verification_link", status, code, message, retryable);
    }

    @Test
    void aRefusalWithoutACodeIsNamedAfterItsHttpStatus() {
        capa.answerOffTheDescription("GET", USERS, 502, "<html>Bad Gateway</html>");

        assertRefused(() -> adapter.requestLink(request(new BeginVerification()), new IssueLink(null, REDIRECT, MEXICAN)).join(),
                "find_user", 502, "HTTP_502", "HTTP 502", true);
    }

    @Test
    void aLinkAnswerWithoutAKycLinkIsABadGateway() {
        capa.answer("GET", USERS, 200, FOUND).answer("POST", LINK, 201, "{\"status\":\"ok\",\"data\":{\"kycLink\":\"\"}}");

        assertRefused(() -> adapter.requestLink(request(new BeginVerification()), new IssueLink(null, REDIRECT, MEXICAN)).join(),
                "verification_link", 502, "BAD_GATEWAY", "Capa answered without a kycLink", true);
    }

    // --- fetchStatus: GET /kyc/details?userId=

    @Test
    void theStatusIsTheVerificationResultOfTheReferencedUsersDetails() {
        // given details as Capa's page shows them, full of personal data the adapter must leave alone
        capa.answer("GET", DETAILS, 200, """
                {"status":"ok","data":{"aipriseSummary":{"verificationResult":"VERIFIED"},
                 "clientReferenceId":"%s",
                 "clientReferenceData":{"personalInfo":{"profession":"Student","phoneNumber":"+525512345678","birthCountry":"MX","taxId":"GALA780211AB1"}},
                 "faceLivenessInfo":{"result":"PASSED","status":"APPROVED"},
                 "faceMatchInfo":{"faceMatchScore":0.93,"result":"PASSED","status":"APPROVED"},
                 "idInfo":{"fullName":"Ana Garcia","birthDate":"1978-02-11","idType":"INE"},
                 "amlInfo":{"numHits":0,"entityHits":[]},
                 "verificationSessionId":"vs_0001",
                 "media":{"selfieImageUrl":"https://cdn.example/selfie.jpg"}}}""".formatted(USER_ID));

        // when the status is read for a case that knows the Capa user
        final StatusObserved status = adapter.fetchStatus(request(new FetchStatus("callback", USER_ID))).join();

        // then one details call, and only the result is kept
        assertThat(capa.seen()).containsExactly(new CapaStub.Seen("GET", DETAILS, "userId=" + USER_ID, KEY, null, ""));
        assertThat(status).isEqualTo(new StatusObserved("VERIFIED", KycState.APPROVED, java.util.List.of(), java.util.List.of(),
                null, null, null));
    }

    @Test
    void withoutAReferenceTheUserIsLookedUpByExternalUserIdFirst() {
        capa.answer("GET", USERS, 200, FOUND)
                .answer("GET", DETAILS, 200, "{\"status\":\"ok\",\"data\":{\"aipriseSummary\":{\"verificationResult\":\"REJECTED\"}}}");

        final StatusObserved status = adapter.fetchStatus(request(new FetchStatus("poll", null))).join();

        assertThat(capa.seen()).extracting(CapaStub.Seen::path, CapaStub.Seen::query)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(USERS, "externalUserId=cust-1"),
                        org.assertj.core.groups.Tuple.tuple(DETAILS, "userId=" + USER_ID));
        assertThat(status.getVendorStatus()).isEqualTo("REJECTED");
        assertThat(status.getState()).isEqualTo(KycState.HARD_KYC_FAILED);
    }

    @Test
    void capasNotFoundForTheDetailsMeansNoKycYetAndSoNoStatus() {
        capa.answer("GET", DETAILS, 404,
                "{\"statusCode\":404,\"code\":\"NOT_FOUND_ERROR\",\"message\":\"Requested KYC verification was not found\"}");

        final StatusObserved status = adapter.fetchStatus(request(new FetchStatus("poll", USER_ID))).join();

        assertThat(status.getVendorStatus()).isNull();
        assertThat(status.getState()).isNull();
    }

    @Test
    void aCustomerWithoutACapaUserHasNoStatusAndNoDetailsCall() {
        capa.answer("GET", USERS, 200, NOBODY);

        assertThat(adapter.fetchStatus(request(new FetchStatus("poll", null))).join().getState()).isNull();
        assertThat(capa.seen()).hasSize(1);
    }

    @Test
    void anUnauthorizedDetailsCallIsARefusal() {
        capa.answer("GET", DETAILS, 401, "{\"statusCode\":401,\"code\":\"UNAUTHORIZED\",\"message\":\"API Key is missing\"}");
        assertRefused(() -> adapter.fetchStatus(request(new FetchStatus("poll", USER_ID))).join(),
                "kyc_details", 401, "UNAUTHORIZED", "API Key is missing", false);
    }

    @Test
    void noAnswerAtAllIsRetryable() {
        capa.close();

        assertThatThrownBy(() -> adapter.fetchStatus(request(new FetchStatus("poll", USER_ID))).join())
                .cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.httpStatus()).isZero();
                    assertThat(e.retryable()).isTrue();
                });
    }

    private static String conflict(final String field) {
        return "{\"statusCode\":409,\"code\":\"CONFLICT_ERROR\",\"message\":\"A user with this " + field + " already exists\"}";
    }

    private static void assertRefused(final Runnable call, final String operation, final int status, final String code,
                                      final String message, final boolean retryable) {
        assertThatThrownBy(call::run)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(VendorCallException.class, e -> {
                    assertThat(e.operation()).isEqualTo(operation);
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.retryable()).isEqualTo(retryable);
                });
    }

    private static ProviderRequest request(final Object payload) {
        return ProviderRequest.newBuilder().setRequestId("req-1").setTenantId("t").setCustomerId(CUSTOMER)
                .setVendor(Vendor.CAPA).setIssuedAt(Instant.now()).setPayload(payload).build();
    }
}
