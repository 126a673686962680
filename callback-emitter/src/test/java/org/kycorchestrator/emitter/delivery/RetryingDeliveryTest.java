package org.kycorchestrator.emitter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.kycorchestrator.webhooks.AddressPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.emitter.WebhookReceiver;
import org.kycorchestrator.emitter.WebhookReceiver.Answer;
import org.kycorchestrator.emitter.signing.WebhookSigner;

class RetryingDeliveryTest {

    private static final WebhookSigner SIGNER = WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final OutgoingWebhook MESSAGE = new OutgoingWebhook("evt-1", "{\"id\":\"evt-1\"}");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private WebhookReceiver receiver;
    private WebhookSender sender;
    private RetryingDelivery delivery;

    @BeforeEach
    void start() {
        receiver = WebhookReceiver.start();
        // the receiver listens on localhost
        sender = WebhookSender.create(AddressPolicy.of(true, false), Clock.systemUTC());
        delivery = new RetryingDelivery(sender,
                RetrySchedule.parse("0s,50ms,50ms"), scheduler);
    }

    @AfterEach
    void stop() {
        receiver.close();
        scheduler.shutdownNow();
        sender.close();
    }

    @Test
    void aDeliveryAnsweredWith2xxSucceedsAtOnce() throws Exception {
        // given
        receiver.answer("/ok", 204);

        // when
        final DeliveryResult result = deliverTo("/ok");

        // then
        assertThat(result).isEqualTo(new DeliveryResult("ep-1", DeliveryResult.Status.DELIVERED, 1, null));
        assertThat(receiver.requestsTo("/ok")).hasSize(1);
    }

    @Test
    void aDeliveryThatNeverSucceedsStopsWhenTheScheduleRunsOut() throws Exception {
        // given
        receiver.answer("/broken", 503);

        // when
        final DeliveryResult result = deliverTo("/broken");

        // then
        assertThat(result).isEqualTo(new DeliveryResult("ep-1", DeliveryResult.Status.FAILED, 3, "HTTP 503"));
        assertThat(receiver.requestsTo("/broken")).hasSize(3);
    }

    @Test
    void aGoneEndpointIsNotRetriedAndTheDeliveryEndsAsGone() throws Exception {
        // given
        receiver.answer("/gone-for-good", 410, 200);

        // when
        final DeliveryResult result = deliverTo("/gone-for-good");

        // then
        assertThat(result).isEqualTo(new DeliveryResult("ep-1", DeliveryResult.Status.GONE, 1, "HTTP 410"));
        assertThat(receiver.requestsTo("/gone-for-good")).hasSize(1);
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsAFailure() throws Exception {
        // given
        receiver.answer("/moved", 302);

        // when
        final DeliveryResult result = deliverTo("/moved");

        // then
        assertThat(result.status()).isEqualTo(DeliveryResult.Status.FAILED);
        assertThat(result.lastFailure()).isEqualTo("HTTP 302");
        assertThat(receiver.requestsTo("/redirected")).isEmpty();
    }

    @Test
    void anEndpointThatDoesNotListenIsAFailureNotAnException() throws Exception {
        // given
        final String url = receiver.url("/gone");
        receiver.close();

        // when
        final DeliveryResult result = delivery.deliver(MESSAGE, new WebhookTarget("ep-1", url, SIGNER), () -> false)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        // then
        assertThat(result.status()).isEqualTo(DeliveryResult.Status.FAILED);
        assertThat(result.lastFailure()).isNotBlank();
    }

    @Test
    void aCancelledDeliveryMakesNoFurtherAttempt() throws Exception {
        // when
        final DeliveryResult result = delivery.deliver(MESSAGE, new WebhookTarget("ep-1", receiver.url("/any"), SIGNER), () -> true)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        // then
        assertThat(result.status()).isEqualTo(DeliveryResult.Status.CANCELLED);
        assertThat(receiver.requestsTo("/any")).isEmpty();
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() throws Exception {
        // when
        final DeliveryResult result = delivery.deliver(MESSAGE, new WebhookTarget("ep-1", "ftp://example.invalid/x", SIGNER), () -> false)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        // then
        assertThat(result.status()).isEqualTo(DeliveryResult.Status.FAILED);
        assertThat(result.lastFailure()).isEqualTo("the endpoint URL is not a valid http(s) URL");
    }

    @Test
    void aTooManyRequestsWithRetryAfterPostponesTheNextAttemptPastTheSchedule() throws Exception {
        // given: the schedule would retry after 50 ms, the endpoint asks for a second
        receiver.answer("/busy", Answer.of(429, "Retry-After", "1"), new Answer(200, Map.of()));

        // when
        final DeliveryResult result = deliverTo("/busy");

        // then
        assertThat(result).isEqualTo(new DeliveryResult("ep-1", DeliveryResult.Status.DELIVERED, 2, null));
        final List<WebhookReceiver.Request> requests = receiver.requestsTo("/busy");
        assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anUnavailableWithARetryAfterDatePostponesTheNextAttemptUntilThatDate() throws Exception {
        // given: whole seconds, as an HTTP date holds no less; at least 2 s away from now
        final Instant notBefore = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        receiver.answer("/maintenance", Answer.of(503, "Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                notBefore.atZone(ZoneOffset.UTC))), new Answer(204, Map.of()));

        // when
        final DeliveryResult result = deliverTo("/maintenance");

        // then
        assertThat(result.status()).isEqualTo(DeliveryResult.Status.DELIVERED);
        assertThat(receiver.requestsTo("/maintenance").get(1).receivedAt()).isAfterOrEqualTo(notBefore);
    }

    @Test
    void aRetryAfterShorterThanTheScheduleDoesNotShortenIt() throws Exception {
        // given
        delivery = new RetryingDelivery(sender, RetrySchedule.parse("0s,1500ms"), scheduler);
        receiver.answer("/eager", Answer.of(429, "Retry-After", "0"), new Answer(200, Map.of()));

        // when
        final DeliveryResult result = deliverTo("/eager");

        // then
        assertThat(result.status()).isEqualTo(DeliveryResult.Status.DELIVERED);
        final List<WebhookReceiver.Request> requests = receiver.requestsTo("/eager");
        assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void noMoreThanTheMaximumRequestsAreInFlightToAnEndpointAndTheRestGoLaterWithoutUsingAnAttempt() {
        // given: two requests at most in flight, and an endpoint slow to answer
        delivery = new RetryingDelivery(sender, RetrySchedule.parse("0s"), EndpointLimits.of(2, 1000), scheduler);
        receiver.hold("/slow");

        // when
        final List<CompletableFuture<DeliveryResult>> results = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> delivery.deliver(new OutgoingWebhook("evt-" + i, "{}"),
                        new WebhookTarget("ep-slow", receiver.url("/slow"), SIGNER), () -> false))
                .toList();

        // then: two arrive, and no third while they are open
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/slow").size() == 2);
        await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> receiver.requestsTo("/slow").size() == 2);

        // when
        receiver.release("/slow");

        // then: the others follow, each delivered on its first and only attempt
        await().atMost(TIMEOUT).until(() -> results.stream().allMatch(CompletableFuture::isDone));
        assertThat(results).extracting(CompletableFuture::join)
                .allSatisfy(result -> assertThat(result).isEqualTo(new DeliveryResult("ep-slow", DeliveryResult.Status.DELIVERED, 1, null)));
        assertThat(receiver.requestsTo("/slow")).hasSize(5);
    }

    @Test
    void anotherEndpointIsNotHeldUpByOneWhoseRequestsAreAllInFlight() {
        // given
        delivery = new RetryingDelivery(sender, RetrySchedule.parse("0s"), EndpointLimits.of(1, 1000), scheduler);
        receiver.hold("/slow");
        delivery.deliver(MESSAGE, new WebhookTarget("ep-slow", receiver.url("/slow"), SIGNER), () -> false);
        delivery.deliver(MESSAGE, new WebhookTarget("ep-slow", receiver.url("/slow"), SIGNER), () -> false);
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/slow").size() == 1);

        // when
        final CompletableFuture<DeliveryResult> other = delivery.deliver(MESSAGE,
                new WebhookTarget("ep-fast", receiver.url("/fast"), SIGNER), () -> false);

        // then
        assertThat(other).succeedsWithin(TIMEOUT).extracting(DeliveryResult::status).isEqualTo(DeliveryResult.Status.DELIVERED);
        assertThat(receiver.requestsTo("/slow")).hasSize(1);
        receiver.release("/slow");
    }

    @Test
    void requestsToAnEndpointStartNoFasterThanItsRate() {
        // given: two starts a second
        delivery = new RetryingDelivery(sender, RetrySchedule.parse("0s"), EndpointLimits.of(100, 2), scheduler);

        // when
        final List<CompletableFuture<DeliveryResult>> results = IntStream.rangeClosed(1, 6)
                .mapToObj(i -> delivery.deliver(new OutgoingWebhook("evt-" + i, "{}"),
                        new WebhookTarget("ep-rated", receiver.url("/rated"), SIGNER), () -> false))
                .toList();

        // then: all arrive, and any three are spread over more than a moment (a second, less slack)
        await().atMost(TIMEOUT).until(() -> results.stream().allMatch(CompletableFuture::isDone));
        assertThat(results).extracting(CompletableFuture::join).extracting(DeliveryResult::status)
                .containsOnly(DeliveryResult.Status.DELIVERED);
        final List<Instant> arrivals = receiver.requestsTo("/rated").stream().map(WebhookReceiver.Request::receivedAt).sorted().toList();
        assertThat(arrivals).hasSize(6);
        for (int i = 0; i + 2 < arrivals.size(); i++) {
            assertThat(Duration.between(arrivals.get(i), arrivals.get(i + 2))).isGreaterThan(Duration.ofMillis(500));
        }
    }

    private DeliveryResult deliverTo(final String path) throws Exception {
        return delivery.deliver(MESSAGE, new WebhookTarget("ep-1", receiver.url(path), SIGNER), () -> false)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
