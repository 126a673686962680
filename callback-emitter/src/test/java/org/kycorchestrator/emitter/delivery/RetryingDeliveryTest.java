package org.kycorchestrator.emitter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.kycorchestrator.webhooks.AddressPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.emitter.WebhookReceiver;
import org.kycorchestrator.emitter.signing.WebhookSigner;

class RetryingDeliveryTest {

    private static final WebhookSigner SIGNER = WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final WebhookMessage MESSAGE = new WebhookMessage("evt-1", "{\"id\":\"evt-1\"}");
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

    private DeliveryResult deliverTo(final String path) throws Exception {
        return delivery.deliver(MESSAGE, new WebhookTarget("ep-1", receiver.url(path), SIGNER), () -> false)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
