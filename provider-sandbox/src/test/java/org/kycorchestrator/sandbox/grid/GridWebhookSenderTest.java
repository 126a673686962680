package org.kycorchestrator.sandbox.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GridWebhookSenderTest {

    private final WebhookReceiver receiver = WebhookReceiver.start();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        receiver.close();
    }

    @Test
    void theBackoffStartsAt200MillisecondsDoublesAndStaysAtMostThirtyMinutesApart() {
        assertThat(IntStream.of(1, 2, 3, 4, 13, 14, 15, 40, 1_000)
                .mapToObj(failed -> GridWebhookSender.backoffAfter(GridWebhookSender.FIRST_BACKOFF, failed).toMillis()))
                .containsExactly(200L, 400L, 800L, 1_600L, 819_200L, 1_638_400L, 1_800_000L, 1_800_000L, 1_800_000L);
    }

    @Test
    void aWebhookThatIsNeverAcceptedIsRetriedUntilTheRetryWindowIsOver() {
        receiver.answer("Customer:down", 503, Integer.MAX_VALUE);
        final GridWebhookSender sender = new GridWebhookSender(URI.create(receiver.url()), new GridWebhookSigner(),
                new ObjectMapper(), HttpClient.newHttpClient(), scheduler, Clock.systemUTC(), Duration.ofMillis(5),
                Duration.ofMillis(300));

        sender.send("Customer:down", new GridEvent("CUSTOMER.KYC_APPROVED", view("Customer:down")));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveriesFor("Customer:down").size() >= 4);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.deliveriesFor("Customer:down").size() < 10);
        final int attempts = receiver.deliveriesFor("Customer:down").size();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.deliveriesFor("Customer:down").size() == attempts);
    }

    private static GridCustomerView view(final String id) {
        final Instant now = Instant.parse("2025-10-13T10:00:00Z");
        return new GridCustomerView(id, "cust-1", "$ada@sandbox.grid.local", GridProfile.EMPTY, GridKycStatus.APPROVED, now, now);
    }
}
