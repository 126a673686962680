package org.kycorchestrator.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.workers.resilience.VendorGuards;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.ApplicantCreated;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.CreateVendorApplicant;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.FetchStatus;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkFailed;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.schemas.providers.VendorError;
import org.kycorchestrator.schemas.providers.VendorProfileCreated;
import org.kycorchestrator.schemas.providers.VerificationStarted;
import org.kycorchestrator.workers.vendors.VendorCallException;

/** Which adapter call each provider request makes, and what the orchestrator hears back. */
class RequestDispatcherTest {

    private static final int MAX_ATTEMPTS = 3;
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final Profile ADA = new Profile("Ada", "Lovelace", null, null, "GB", null, null, null, null, null);
    /** base64(SHA-256("privacy")). */
    private static final String HASH = "pMxrwBqSfip4/TvsUehlrA2F5Nqrb5iNXTPQVuElscM=";

    private final FakeVendorAdapter vendor = new FakeVendorAdapter();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RequestDispatcher dispatcher = new RequestDispatcher(Map.of(Vendor.XGATEWAY, vendor),
            new VendorGuards(Config.of(Map.of("KYC_PROVIDER_MAX_ATTEMPTS", String.valueOf(MAX_ATTEMPTS),
                    "KYC_PROVIDER_RETRY_BACKOFF", "1ms", "KYC_PROVIDER_RETRY_MAX_BACKOFF", "5ms")), scheduler),
            Clock.fixed(NOW, ZoneOffset.UTC), new VendorMeters(meters));

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    static Stream<Arguments> everyRequestWithItsCallAndResult() {
        return Stream.of(
                Arguments.of("CreateVendorProfile", new CreateVendorProfile(ADA, HASH, HASH), "createProfile", VendorProfileCreated.class),
                Arguments.of("CreateVendorApplicant", new CreateVendorApplicant(), "createApplicant", ApplicantCreated.class),
                Arguments.of("IssueLink", new IssueLink("de", null, null), "requestLink", LinkIssued.class),
                Arguments.of("BeginVerification", new BeginVerification(), "startVerification", VerificationStarted.class),
                Arguments.of("FetchStatus", new FetchStatus("poll", null), "fetchStatus", StatusObserved.class));
    }

    @ParameterizedTest(name = "{0} calls {2} and is answered with {3}")
    @MethodSource("everyRequestWithItsCallAndResult")
    void everyRequestIsOneAdapterCallAnsweredWithItsResult(final String request, final Object payload,
                                                           final String call, final Class<?> result) throws Exception {
        final ProviderResult answer = dispatch(payload);

        assertThat(vendor.callNames()).containsExactly(call);
        assertThat(answer.getPayload()).isInstanceOf(result);
        assertThat(answer.getRequestId()).isEqualTo("req-1");
        assertThat(answer.getCommandId()).isEqualTo("cmd-1");
        assertThat(answer.getCustomerId()).isEqualTo("cust-1");
        assertThat(answer.getVendor()).isEqualTo(Vendor.XGATEWAY);
        assertThat(answer.getObservedAt()).isEqualTo(NOW);
    }

    @Test
    void theProfileReachesTheAdapterWithItsAcceptedAgreements() throws Exception {
        final CreateVendorProfile profile = new CreateVendorProfile(ADA, HASH, HASH);

        dispatch(profile);

        assertThat(vendor.calls()).containsExactly(new FakeVendorAdapter.Call("createProfile", profile));
    }

    @Test
    void theApplicantIdIsPassedOn() throws Exception {
        final ProviderResult answer = dispatch(new CreateVendorApplicant());

        assertThat(answer.getPayload()).isEqualTo(new ApplicantCreated(FakeVendorAdapter.APPLICANT_ID));
    }

    @Test
    void aRefusedLinkIsNotRetriedAndBecomesLinkFailedWithTheVendorsStatusCodeAndMessage() throws Exception {
        vendor.failNext(1, new VendorCallException("initiate", 400, "bad_request", "locale is not supported"));

        final ProviderResult answer = dispatch(new IssueLink("xx", null, null));

        assertThat(answer.getPayload()).isEqualTo(new LinkFailed(400, "bad_request", "locale is not supported"));
        assertThat(vendor.callNames()).containsExactly("requestLink");
    }

    @Test
    void aVendorThatStaysUnavailableThroughEveryRetryIsReportedSoAndTheRequestIsDeadLettered() throws Exception {
        vendor.failNext(MAX_ATTEMPTS, new VendorCallException("initiate", 503, "service_unavailable", "down"));

        final RequestDispatcher.Dispatched dispatched = dispatcher.dispatch(request(new IssueLink("de", null, null), Vendor.XGATEWAY))
                .get(10, TimeUnit.SECONDS);

        assertThat(dispatched.result().getPayload()).isInstanceOfSatisfying(VendorError.class, error -> {
            assertThat(error.getCode()).isEqualTo("vendor_unavailable");
            assertThat(error.getRetryable()).isTrue();
        });
        assertThat(dispatched.deadLetterReason()).contains("service_unavailable");
        assertThat(vendor.callNames()).hasSize(MAX_ATTEMPTS);
    }

    @Test
    void aRetryAfterTheVendorSentIsHonoured() throws Exception {
        vendor.failNext(1, new VendorCallException("initiate", 429, "RATE_LIMITED", "slow down", Duration.ofMillis(300)));
        final long start = System.nanoTime();

        dispatch(new IssueLink("de", null, null));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(vendor.callNames()).containsExactly("requestLink", "requestLink");
    }

    @Test
    void aServerErrorIsRetriedAndTheLaterSuccessIsTheResult() throws Exception {
        vendor.failNext(1, new VendorCallException("initiate", 500, "internal_server_error", "boom"));

        final ProviderResult answer = dispatch(new IssueLink("de", null, null));

        assertThat(answer.getPayload()).isInstanceOfSatisfying(LinkIssued.class,
                link -> assertThat(link.getLink().getUrl()).isEqualTo(FakeVendorAdapter.LINK_URL));
        assertThat(vendor.callNames()).containsExactly("requestLink", "requestLink");
    }

    static Stream<Arguments> everyRequestButTheLink() {
        return everyRequestWithItsCallAndResult().filter(row -> !(row.get()[1] instanceof IssueLink));
    }

    @ParameterizedTest(name = "a refused {0} is a VendorError")
    @MethodSource("everyRequestButTheLink")
    void anyOtherRefusedRequestIsAVendorError(final String request, final Object payload, final String call,
                                              final Class<?> result) throws Exception {
        vendor.failNext(1, new VendorCallException("op", 400, "precondition_failed", "missing: applicant."));

        final ProviderResult answer = dispatch(payload);

        assertThat(answer.getPayload()).isEqualTo(new VendorError("op", 400, "precondition_failed", "missing: applicant.", false));
        assertThat(vendor.callNames()).containsExactly(call);
    }

    @Test
    void aVendorWithoutAnAdapterIsANotImplementedFailureOfTheRequestsKind() throws Exception {
        final ProviderResult link = dispatch(new IssueLink("de", null, null), Vendor.GRID);
        final ProviderResult verification = dispatch(new BeginVerification(), Vendor.GRID);

        assertThat(link.getPayload()).isInstanceOfSatisfying(LinkFailed.class,
                failed -> assertThat(failed.getHttpStatus()).isEqualTo(501));
        assertThat(verification.getPayload()).isInstanceOfSatisfying(VendorError.class,
                error -> assertThat(error.getCode()).isEqualTo("not_implemented"));
        assertThat(vendor.calls()).isEmpty();
    }

    @Test
    void eachRequestIsTimedByVendorOperationAndOutcomeAndNothingElse() throws Exception {
        // given one request of each outcome
        dispatch(new IssueLink("de", null, null));
        vendor.failNext(1, new VendorCallException("initiate", 400, "bad_request", "locale is not supported"));
        dispatch(new IssueLink("xx", null, null));
        vendor.failNext(MAX_ATTEMPTS, new VendorCallException("verify", 503, "service_unavailable", "down"));
        dispatch(new BeginVerification());
        dispatch(new BeginVerification(), Vendor.GRID);

        // then each is one timing under its vendor, operation and outcome
        assertThat(requestsTimed("xgateway", "issue_link", "answered")).isEqualTo(1);
        assertThat(requestsTimed("xgateway", "issue_link", "refused")).isEqualTo(1);
        assertThat(requestsTimed("xgateway", "begin_verification", "unavailable")).isEqualTo(1);
        assertThat(requestsTimed("grid", "begin_verification", "not_configured")).isEqualTo(1);
        // and no tag names a customer, a request or a command
        assertThat(meters.find(VendorMeters.REQUESTS).timers()).allSatisfy(timer ->
                assertThat(timer.getId().getTags()).extracting(io.micrometer.core.instrument.Tag::getKey)
                        .containsExactlyInAnyOrder("vendor", "operation", "outcome"));
    }

    private long requestsTimed(final String vendorTag, final String operation, final String outcome) {
        final io.micrometer.core.instrument.Timer timer = meters.find(VendorMeters.REQUESTS)
                .tags("vendor", vendorTag, "operation", operation, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void aRedeliveredRequestGetsTheSameResultId() throws Exception {
        assertThat(dispatch(new BeginVerification()).getResultId()).isEqualTo(dispatch(new BeginVerification()).getResultId());
    }

    private ProviderResult dispatch(final Object payload) throws Exception {
        return dispatch(payload, Vendor.XGATEWAY);
    }

    private ProviderResult dispatch(final Object payload, final Vendor to) throws Exception {
        return dispatcher.dispatch(request(payload, to)).get(10, TimeUnit.SECONDS).result();
    }

    private static ProviderRequest request(final Object payload, final Vendor to) {
        return ProviderRequest.newBuilder().setRequestId("req-1").setCommandId("cmd-1")
                .setTenantId("t").setCustomerId("cust-1").setVendor(to).setIssuedAt(NOW).setPayload(payload).build();
    }
}
