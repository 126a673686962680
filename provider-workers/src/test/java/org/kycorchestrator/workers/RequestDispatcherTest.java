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

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
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
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RequestDispatcher dispatcher = new RequestDispatcher(Map.of(Vendor.XGATEWAY, vendor), retry(),
            scheduler, Clock.fixed(NOW, ZoneOffset.UTC));

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
    void aLinkThatKeepsFailingBecomesLinkFailedOnceTheAttemptsRunOut() throws Exception {
        vendor.failNext(MAX_ATTEMPTS, new VendorCallException("initiate", 503, "service_unavailable", "down"));

        final ProviderResult answer = dispatch(new IssueLink("de", null, null));

        assertThat(answer.getPayload()).isEqualTo(new LinkFailed(503, "service_unavailable", "down"));
        assertThat(vendor.callNames()).hasSize(MAX_ATTEMPTS);
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
    void aRedeliveredRequestGetsTheSameResultId() throws Exception {
        assertThat(dispatch(new BeginVerification()).getResultId()).isEqualTo(dispatch(new BeginVerification()).getResultId());
    }

    /** As the workers configure it, with a tiny wait so the test stays fast. */
    private static Retry retry() {
        return Retry.of("test", RetryConfig.custom()
                .maxAttempts(MAX_ATTEMPTS)
                .waitDuration(Duration.ofMillis(1))
                .retryOnException(e -> e instanceof VendorCallException v && v.retryable())
                .build());
    }

    private ProviderResult dispatch(final Object payload) throws Exception {
        return dispatch(payload, Vendor.XGATEWAY);
    }

    private ProviderResult dispatch(final Object payload, final Vendor to) throws Exception {
        final ProviderRequest request = ProviderRequest.newBuilder().setRequestId("req-1").setCommandId("cmd-1")
                .setTenantId("t").setCustomerId("cust-1").setVendor(to).setIssuedAt(NOW).setPayload(payload).build();
        return dispatcher.dispatch(request).get(10, TimeUnit.SECONDS);
    }
}
