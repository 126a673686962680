package org.kycorchestrator.workers.paycc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

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
 * What goes over the wire to IPAYMENT Paycc, checked against an HTTP stub that answers as its docs
 * show, with every request validated against our OpenAPI description of Paycc.
 */
class PayccAdapterContractTest {

    private static final String USER = "paycc-user";
    private static final String PASSWORD = "paycc-pass";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("paycc-user:paycc-pass".getBytes(StandardCharsets.UTF_8));
    private static final String MERCHANT = "MID693000001";
    private static final Profile KUMAR = profile("Kumar", "Sharma", "kumar@example.in", "6393712345", "ENGPK1234Q");
    private static final String KID = "KID240826212813188LABCDEFGH";
    private static final String INIT_PATH = "/api/v1/service/paycc/init/kyc";
    private static final String STATUS_PATH = "/api/v1/service/paycc/kyc/status/" + KID;

    /** The success sample of the vendor's page, as it is printed there. */
    private static final String DOCS_SUCCESS = """
                {
                "code": "0x0200",
                "message": "Request Init",
                "status": "SUCCESS",
                "data": {
                    "url": "https://app.digio.in/#/gateway/XXXXXX",
                    "kid": "KID240826212813188LXXXXXXXX"
                }
            }""";
    /** The failure sample of the vendor's page. */
    private static final String DOCS_FAILURE = """
                {
                    "code": "0x0202",
                    "status": "FAILURE",
                    "message": "Some error"
                }""";

    private PayccStub stub;

    @AfterEach
    void everyRequestSentMatchesOurOpenApiDescriptionOfPaycc() {
        if (stub != null) {
            stub.assertEveryRequestMatchesTheOpenApi();
            stub.close();
        }
    }

    // --- init (requestLink)

    @Test
    void theLinkIsAPostOfTheFiveDocumentedFieldsWithBasicAuth() {
        final PayccAdapter adapter = adapterAnswering(200, DOCS_SUCCESS);

        adapter.requestLink(request(null), new IssueLink("en", "https://merchant.example/back", KUMAR)).join();

        assertThat(stub.seen()).containsExactly(new PayccStub.Seen("POST", INIT_PATH, BASIC, "application/json", "application/json",
                "{\"merchantCode\":\"MID693000001\",\"mobile\":\"6393712345\",\"email\":\"kumar@example.in\","
                        + "\"name\":\"Kumar Sharma\",\"pan\":\"ENGPK1234Q\"}"));
    }

    @Test
    void theDocumentedSuccessSampleGivesTheUrlAsTheLinkAndTheKidAsTheVendorReference() {
        final PayccAdapter adapter = adapterAnswering(200, DOCS_SUCCESS);

        final LinkIssued link = adapter.requestLink(request(null), new IssueLink(null, null, KUMAR)).join();

        assertThat(link.getLink().getUrl()).isEqualTo("https://app.digio.in/#/gateway/XXXXXX");
        assertThat(link.getLink().getExpiresAt()).as("Paycc gives the URL no expiry").isNull();
        assertThat(link.getVendorReference()).isEqualTo("KID240826212813188LXXXXXXXX");
    }

    @Test
    void theDocumentedFailureSampleIsARefusalWithPayccsCodeAndMessage() {
        for (final int httpStatus : new int[] {200, 400}) {
            final PayccAdapter adapter = adapterAnswering(httpStatus, DOCS_FAILURE);

            assertRefusal(() -> adapter.requestLink(request(null), new IssueLink(null, null, KUMAR)).join(), e -> {
                assertThat(e.operation()).isEqualTo("init_kyc");
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("0x0202");
                assertThat(e.getMessage()).isEqualTo("Some error");
                assertThat(e.retryable()).isFalse();
            });
            stub.assertEveryRequestMatchesTheOpenApi();
            stub.close();
        }
        stub = null;
    }

    @Test
    void aMissingParameterAnswerListsEachFieldWithItsErrors() {
        final PayccAdapter adapter = adapterAnswering(400, """
                {"code":"0x0203","status":"MISSING_PARAMETER",
                 "message":{"email":["The email field is required."],"mobile":["The mobile must be 10 digits.","The mobile is invalid."]}}""");

        assertRefusal(() -> adapter.requestLink(request(null), new IssueLink(null, null, KUMAR)).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(422);
            assertThat(e.code()).isEqualTo("0x0203");
            assertThat(e.getMessage()).isEqualTo("email: The email field is required., mobile: The mobile must be 10 digits.; The mobile is invalid.");
            assertThat(e.retryable()).isFalse();
        });
    }

    @Test
    void aVendorMessageThatEchoesWhatWeSentIsCleanedOfIt() {
        final PayccAdapter adapter = adapterAnswering(200, """
                {"code":"0x0202","status":"FAILURE","message":"PAN ENGPK1234Q does not belong to Kumar Sharma (6393712345)"}""");

        assertRefusal(() -> adapter.requestLink(request(null), new IssueLink(null, null, KUMAR)).join(), e ->
                assertThat(e.getMessage()).isEqualTo("PAN *** does not belong to *** (***)"));
    }

    @ParameterizedTest(name = "init answered {0} {1} is HTTP {2}, retryable: {3}")
    @CsvSource({
            "0x0201, UNAUTHORIZED,         401, false",
            "0x0202, FAILURE,              400, false",
            "0x0203, MISSING_PARAMETER,    422, false",
            "0x0204, CONNECTION_TIMEOUT,   504, true",
            "0x0205, SOMETHING_WENT_WRONG, 500, true",
            "0x0206, PENDING,              503, true",
    })
    void everyDocumentedErrorCodeOfTheInitCallMapsToOurHttpStatus(final String code, final String word, final int ours,
                                                                  final boolean retryable) {
        final PayccAdapter adapter = adapterAnswering(200,
                "{\"code\":\"" + code + "\",\"status\":\"" + word + "\",\"message\":\"" + word.toLowerCase() + "\"}");

        assertRefusal(() -> adapter.requestLink(request(null), new IssueLink(null, null, KUMAR)).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(ours);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(word.toLowerCase());
            assertThat(e.retryable()).isEqualTo(retryable);
        });
    }

    @Test
    void anErrorWithoutAMessageIsDescribedByItsStatusWord() {
        final PayccAdapter adapter = adapterAnswering(401, "{\"code\":\"0x0201\",\"status\":\"UNAUTHORIZED\"}");

        assertRefusal(() -> adapter.requestLink(request(null), new IssueLink(null, null, KUMAR)).join(), e -> {
            assertThat(e.code()).isEqualTo("0x0201");
            assertThat(e.getMessage()).isEqualTo("UNAUTHORIZED");
        });
    }

    @Test
    void aSuccessWithoutTheKidIsABadGatewayBecauseThereWouldBeNothingToPoll() {
        final PayccAdapter adapter = adapterAnswering(200,
                "{\"code\":\"0x0200\",\"status\":\"SUCCESS\",\"message\":\"Request Init\",\"data\":{\"url\":\"https://app.digio.in/#/gateway/X\"}}");

        assertRefusal(() -> adapter.requestLink(request(null), new IssueLink(null, null, KUMAR)).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("bad_gateway");
        });
    }

    @Test
    void anAnswerThatIsNotTheEnvelopeFallsBackOnTheHttpStatus() {
        final PayccAdapter gatewayPage = adapterAnswering(502, "<html>Bad Gateway</html>");
        assertRefusal(() -> gatewayPage.requestLink(request(null), new IssueLink(null, null, KUMAR)).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("http_502");
            assertThat(e.retryable()).isTrue();
        });
        stub.assertEveryRequestMatchesTheOpenApi();
        stub.close();

        final PayccAdapter unreadable = adapterAnswering(200, "OK");
        assertRefusal(() -> unreadable.requestLink(request(null), new IssueLink(null, null, KUMAR)).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("bad_gateway");
        });
    }

    @Test
    void noAnswerAtAllIsRetryable() {
        final PayccAdapter adapter = adapterAnswering(200, DOCS_SUCCESS);
        stub.close();
        stub = null;

        assertRefusal(() -> adapter.requestLink(request(null), new IssueLink(null, null, KUMAR)).join(), e -> {
            assertThat(e.httpStatus()).isZero();
            assertThat(e.retryable()).isTrue();
        });
    }

    // --- checks before the init call

    @ParameterizedTest(name = "{0} is refused before calling")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "no PAN                   | Kumar | Sharma | kumar@example.in | 6393712345     | NULL         | pan is required",
            "a PAN of the wrong shape | Kumar | Sharma | kumar@example.in | 6393712345     | ENGP12345Q   | pan must be shaped AAAAA9999A",
            "a PAN over 11 characters | Kumar | Sharma | kumar@example.in | 6393712345     | ENGPK1234Q12 | pan must be at most 11 characters",
            "no phone                 | Kumar | Sharma | kumar@example.in | NULL           | ENGPK1234Q   | mobile (the profile's phone) is required",
            "a nine-digit mobile      | Kumar | Sharma | kumar@example.in | 639371234      | ENGPK1234Q   | mobile (the profile's phone) must be 10 digits",
            "a foreign phone          | Kumar | Sharma | kumar@example.in | +4420712345678 | ENGPK1234Q   | mobile (the profile's phone) must be at most 10 digits",
            "a mobile with letters    | Kumar | Sharma | kumar@example.in | 63937ABCDE     | ENGPK1234Q   | mobile (the profile's phone) must be 10 digits",
            "no e-mail                | Kumar | Sharma | NULL             | 6393712345     | ENGPK1234Q   | email is required",
            "no name                  | NULL  | NULL   | kumar@example.in | 6393712345     | ENGPK1234Q   | name is required",
    })
    void aProfilePayccCannotTakeIsRefusedWith422NamingTheFieldWithoutCalling(final String what, final String first,
            final String last, final String email, final String phone, final String pan, final String problem) {
        final PayccAdapter adapter = adapterAnswering(200, DOCS_SUCCESS);

        assertRefusal(() -> adapter.requestLink(request(null), new IssueLink(null, null, profile(first, last, email, phone, pan))).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(422);
            assertThat(e.code()).isEqualTo("unprocessable_content");
            assertThat(e.getMessage()).contains(problem);
            if (pan != null) {
                assertThat(e.getMessage()).doesNotContain(pan);
            }
            if (phone != null) {
                assertThat(e.getMessage()).doesNotContain(phone);
            }
            assertThat(e.retryable()).isFalse();
        });
        assertThat(stub.seen()).isEmpty();
    }

    @Test
    void anEmailOrNameOver200CharactersIsRefused() {
        final PayccAdapter adapter = adapterAnswering(200, DOCS_SUCCESS);
        final String longEmail = "k".repeat(190) + "@example.in";
        final String longName = "K".repeat(200);

        assertRefusal(() -> adapter.requestLink(request(null),
                new IssueLink(null, null, profile(longName, "Sharma", longEmail, "6393712345", "ENGPK1234Q"))).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(422);
            assertThat(e.getMessage()).contains("email must be at most 200 characters").contains("name must be at most 200 characters");
        });
        assertThat(stub.seen()).isEmpty();
    }

    @Test
    void everyProblemOfTheProfileIsNamedAtOnce() {
        final PayccAdapter adapter = adapterAnswering(200, DOCS_SUCCESS);

        assertRefusal(() -> adapter.requestLink(request(null), new IssueLink(null, null, profile("Kumar", null, null, "12", "X"))).join(),
                e -> assertThat(e.getMessage()).contains("mobile").contains("email").contains("pan").doesNotContain("name"));
    }

    @Test
    void aLinkRequestWithoutAProfileIsRefusedWithoutCalling() {
        final PayccAdapter adapter = adapterAnswering(200, DOCS_SUCCESS);

        assertRefusal(() -> adapter.requestLink(request(null), new IssueLink("en", null, null)).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(422);
            assertThat(e.getMessage()).contains("profile");
        });
        assertThat(stub.seen()).isEmpty();
    }

    @Test
    void anIndianPhoneWithCountryCodeAndSeparatorsIsSentAsItsTenDigitsAndThePanInCapitals() {
        final PayccAdapter adapter = adapterAnswering(200, DOCS_SUCCESS);

        adapter.requestLink(request(null), new IssueLink(null, null,
                profile(" Kumar ", "Sharma", " kumar@example.in ", "+91 63937-12345", "engpk1234q"))).join();

        assertThat(stub.seen().get(0).body()).isEqualTo("{\"merchantCode\":\"MID693000001\",\"mobile\":\"6393712345\","
                + "\"email\":\"kumar@example.in\",\"name\":\"Kumar Sharma\",\"pan\":\"ENGPK1234Q\"}");
    }

    @Test
    void aSingleNameIsSentAsIs() {
        final PayccAdapter adapter = adapterAnswering(200, DOCS_SUCCESS);

        adapter.requestLink(request(null), new IssueLink(null, null, profile(null, "Sharma", "kumar@example.in", "6393712345", "ENGPK1234Q"))).join();

        assertThat(stub.seen().get(0).body()).contains("\"name\":\"Sharma\"");
    }

    // --- status (fetchStatus)

    @Test
    void theStatusIsAGetOfTheKidFromTheRequestsVendorReferenceWithBasicAuthAndNoBody() {
        final PayccAdapter adapter = adapterAnswering(200, "{\"code\":\"0x0206\",\"status\":\"PENDING\",\"message\":\"KYC is pending.\"}");

        adapter.fetchStatus(request(KID)).join();

        assertThat(stub.seen()).containsExactly(new PayccStub.Seen("GET", STATUS_PATH, BASIC, null, "application/json", ""));
    }

    @Test
    void pendingIsVerificationInProgress() {
        final PayccAdapter adapter = adapterAnswering(200, "{\"code\":\"0x0206\",\"status\":\"PENDING\",\"message\":\"KYC is pending.\"}");

        final StatusObserved status = adapter.fetchStatus(request(KID)).join();

        assertThat(status).isEqualTo(new StatusObserved("PENDING", KycState.VERIFICATION_IN_PROGRESS, List.of(), List.of(), null, null, null));
    }

    @Test
    void successWithTheKycRecordIsApprovedWithTheFaceMatchAsTheOnlyReason() {
        final PayccAdapter adapter = adapterAnswering(200, PayccRecords.done("true"));

        final StatusObserved status = adapter.fetchStatus(request(KID)).join();

        assertThat(status).isEqualTo(new StatusObserved("SUCCESS", KycState.APPROVED, List.of(), List.of("FACE_MATCH_PASSED"), null, null, null));
    }

    @ParameterizedTest(name = "faceMatch {0} gives {1}")
    @CsvSource(delimiter = '|', value = {
            "true                 | FACE_MATCH_PASSED",
            "false                | FACE_MATCH_FAILED",
            "\"MATCHED\"          | FACE_MATCH_PASSED",
            "\"yes\"              | FACE_MATCH_PASSED",
            "\"no match\"         | FACE_MATCH_FAILED",
            "\"NOT_MATCHED\"      | FACE_MATCH_FAILED",
            "{\"match\":true}     | FACE_MATCH_PASSED",
            "{\"result\":\"fail\"}| FACE_MATCH_FAILED",
            "87.5                 | FACE_MATCH_UNKNOWN",
            "\"maybe\"            | FACE_MATCH_UNKNOWN",
    })
    void theFaceMatchIsReadInEveryFormItMayTake(final String faceMatch, final String reason) {
        final PayccAdapter adapter = adapterAnswering(200, PayccRecords.done(faceMatch));

        assertThat(adapter.fetchStatus(request(KID)).join().getRejectLabels()).containsExactly(reason);
    }

    @Test
    void aRecordWithoutAFaceMatchIsApprovedWithoutReasons() {
        final PayccAdapter adapter = adapterAnswering(200,
                "{\"code\":\"0x0200\",\"status\":\"SUCCESS\",\"message\":\"KYC completed.\",\"data\":{\"kyc\":{\"name\":\"Kumar Sharma\"}}}");

        final StatusObserved status = adapter.fetchStatus(request(KID)).join();

        assertThat(status.getState()).isEqualTo(KycState.APPROVED);
        assertThat(status.getRejectLabels()).isEmpty();
    }

    @Test
    void failureIsAHardFailureWhateverTheHttpStatusAndItsMessageIsNotCarried() {
        for (final int httpStatus : new int[] {200, 404}) {
            final PayccAdapter adapter = adapterAnswering(httpStatus, DOCS_FAILURE);

            final StatusObserved status = adapter.fetchStatus(request(KID)).join();

            assertThat(status).isEqualTo(new StatusObserved("FAILURE", KycState.HARD_KYC_FAILED, List.of(), List.of(), null, null, null));
            stub.assertEveryRequestMatchesTheOpenApi();
            stub.close();
        }
        stub = null;
    }

    @Test
    void successWithoutTheKycRecordIsABadGatewayNotAnApproval() {
        final PayccAdapter adapter = adapterAnswering(200, "{\"code\":\"0x0200\",\"status\":\"SUCCESS\",\"message\":\"ok\"}");

        assertRefusal(() -> adapter.fetchStatus(request(KID)).join(), e -> {
            assertThat(e.operation()).isEqualTo("kyc_status");
            assertThat(e.httpStatus()).isEqualTo(502);
        });
    }

    @ParameterizedTest(name = "status answered {0} {1} is HTTP {2}, retryable: {3}")
    @CsvSource({
            "0x0201, UNAUTHORIZED,         401, false",
            "0x0203, MISSING_PARAMETER,    422, false",
            "0x0204, CONNECTION_TIMEOUT,   504, true",
            "0x0205, SOMETHING_WENT_WRONG, 500, true",
    })
    void theErrorCodesOfTheStatusCallAreRefusals(final String code, final String word, final int ours, final boolean retryable) {
        final PayccAdapter adapter = adapterAnswering(500, "{\"code\":\"" + code + "\",\"status\":\"" + word + "\",\"message\":\"oops\"}");

        assertRefusal(() -> adapter.fetchStatus(request(KID)).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(ours);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.retryable()).isEqualTo(retryable);
        });
    }

    @Test
    void anUndocumentedCodeKeepsItAndIsABadGateway() {
        final PayccAdapter adapter = adapterAnswering(200, "{\"code\":\"0x0299\",\"status\":\"SOMETHING_NEW\",\"message\":\"new\"}");

        assertRefusal(() -> adapter.fetchStatus(request(KID)).join(), e -> {
            assertThat(e.httpStatus()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("0x0299");
            assertThat(e.getMessage()).isEqualTo("new");
        });
    }

    @Test
    void aStatusRequestWithoutAKidIsRefusedWithoutCalling() {
        final PayccAdapter adapter = adapterAnswering(200, DOCS_FAILURE);

        for (final String kid : new String[] {null, " "}) {
            assertRefusal(() -> adapter.fetchStatus(request(kid)).join(), e -> {
                assertThat(e.httpStatus()).isEqualTo(412);
                assertThat(e.code()).isEqualTo("precondition_failed");
                assertThat(e.retryable()).isFalse();
            });
        }
        assertRefusal(() -> adapter.fetchStatus(ProviderRequest.newBuilder(request(null)).setPayload(new BeginVerification()).build()).join(),
                e -> assertThat(e.httpStatus()).isEqualTo(412));
        assertThat(stub.seen()).isEmpty();
    }

    @Test
    void aKidIsEncodedIntoThePath() {
        final PayccAdapter adapter = adapterAnswering(200, "{\"code\":\"0x0206\",\"status\":\"PENDING\"}");

        adapter.fetchStatus(request("KID 1/2")).join();

        assertThat(stub.seen().get(0).path()).isEqualTo("/api/v1/service/paycc/kyc/status/KID%201%2F2");
    }

    // --- the calls Paycc does not have

    @Test
    void profileApplicantAndVerificationCompleteWithoutAnyCall() {
        final PayccAdapter adapter = adapterAnswering(500, "{}");

        adapter.createProfile(request(null), new CreateVendorProfile(KUMAR, null, null)).join();
        assertThat(adapter.createApplicant(request(null)).join().getApplicantId()).isNull();
        adapter.startVerification(request(null)).join();

        assertThat(stub.seen()).isEmpty();
        assertThat(adapter.vendor()).isEqualTo(Vendor.PAYCC);
    }

    @Test
    void aMerchantCodeOver20CharactersOrBlankIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new PayccAdapter(HttpClient.newHttpClient(), "http://localhost/api", USER, PASSWORD,
                "M".repeat(21), Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("merchantCode");
        assertThatThrownBy(() -> new PayccAdapter(HttpClient.newHttpClient(), "http://localhost/api", USER, PASSWORD,
                " ", Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("merchantCode");
    }

    @Test
    void ourOpenApiDescriptionRefusesWhatPayccWouldRefuse() {
        final String good = "{\"merchantCode\":\"MID1\",\"mobile\":\"6393712345\",\"email\":\"k@example.in\",\"name\":\"K S\",\"pan\":\"ENGPK1234Q\"}";

        assertThat(PayccStub.validate(new PayccStub.Seen("POST", INIT_PATH, BASIC, "application/json", "application/json", good))
                .hasErrors()).isFalse();
        assertThat(PayccStub.validate(new PayccStub.Seen("POST", INIT_PATH, null, "application/json", "application/json", good))
                .hasErrors()).as("no credentials").isTrue();
        assertThat(PayccStub.validate(new PayccStub.Seen("POST", INIT_PATH, BASIC, "application/json", "application/json",
                good.replace("ENGPK1234Q", "ENGP12345Q"))).hasErrors()).as("a PAN of the wrong shape").isTrue();
        assertThat(PayccStub.validate(new PayccStub.Seen("POST", INIT_PATH, BASIC, "application/json", "application/json",
                good.replace(",\"pan\":\"ENGPK1234Q\"", ""))).hasErrors()).as("no PAN").isTrue();
        assertThat(PayccStub.validate(new PayccStub.Seen("POST", INIT_PATH, BASIC, "application/json", "application/json",
                good.replace("MID1", "M".repeat(21)))).hasErrors()).as("a merchant code over 20").isTrue();
        assertThat(PayccStub.validate(new PayccStub.Seen("GET", "/api/v1/service/paycc/kyc/status", BASIC, null, null, ""))
                .hasErrors()).as("no kid").isTrue();
    }

    private PayccAdapter adapterAnswering(final int status, final String body) {
        stub = PayccStub.answering(status, body);
        return new PayccAdapter(HttpClient.newHttpClient(), stub.baseUrl() + "/", USER, PASSWORD, MERCHANT, Duration.ofSeconds(5));
    }

    private static void assertRefusal(final Runnable call, final Consumer<VendorCallException> check) {
        assertThatThrownBy(call::run).cause().isInstanceOfSatisfying(VendorCallException.class, check);
    }

    static Profile profile(final String first, final String last, final String email, final String phone, final String pan) {
        return new Profile(first, last, email, phone, "IN", "1990-02-03", pan, null, null, null);
    }

    static ProviderRequest request(final String kid) {
        return ProviderRequest.newBuilder().setRequestId("req-1").setTenantId("t").setCustomerId("cust-1")
                .setVendor(Vendor.PAYCC).setIssuedAt(Instant.now()).setPayload(new FetchStatus("poll", kid)).build();
    }
}
