package org.kycorchestrator.sandbox.xgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class XGatewayCallbackSenderTest {

    private final CallbackReceiver receiver = CallbackReceiver.start();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        receiver.close();
    }

    @Test
    void theHashIsBase64OfSha512OfCustomerIdDotSecretKey() {
        // printf '%s' "cust-42.test-secret" | openssl dgst -sha512 -binary | base64
        assertThat(XGatewayCallbackSender.hash("cust-42", "test-secret"))
                .isEqualTo("2BM/p64anhCuY4f75aNK+hdZkzJD1JSLIa3+GWSzP+xWJfpkBTf8Kzt7ac8DdT57E7/mVSDhVjbi4YotKCYZbQ==");
    }

    @Test
    void theBackoffStartsAt200MillisecondsAndDoubles() {
        assertThat(IntStream.rangeClosed(1, 9)
                .mapToObj(failed -> XGatewayCallbackSender.backoffAfter(XGatewayCallbackSender.FIRST_BACKOFF, failed)
                        .toMillis()))
                .containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 12_800L, 25_600L, 51_200L);
    }

    @Test
    void aCallbackThatIsNeverAcceptedIsTriedTenTimesThenGivenUp() {
        receiver.failNext("cust-down", Integer.MAX_VALUE);
        final XGatewayCallbackSender sender = new XGatewayCallbackSender(URI.create(receiver.url()), "s",
                new ObjectMapper(), HttpClient.newHttpClient(), scheduler, Duration.ofMillis(1));

        sender.send(new XGatewayKycView("cust-down", XGatewayStatus.FULL_USER, List.of(), null, null));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveriesFor("cust-down").size() == 10);
        await().during(Duration.ofMillis(1_000)).atMost(Duration.ofSeconds(2))
                .until(() -> receiver.deliveriesFor("cust-down").size() == 10);
    }
}
