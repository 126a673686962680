package org.kycorchestrator.sandbox.capa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;

/** How the Capa settings shape the simulator: its defaults, the decision delay and the webhook schedule. */
class CapaSimulatorSettingsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SandboxSettings SANDBOX = new SandboxSettings(0, "xg-key", "xg-secret", null, Duration.ofMillis(50));

    @Test
    void theSandboxStartedWithItsOwnSettingsAloneServesCapaWithTheDefaultKey() {
        try (ProviderSandbox sandbox = ProviderSandbox.start(SANDBOX)) {
            assertThat(sandbox.capaBaseUrl()).isEqualTo("http://localhost:" + sandbox.port() + "/capa");

            assertThat(new CapaApi(sandbox.capaBaseUrl(), CapaSandboxSettings.DEFAULT_API_KEY).findUsers("x").statusCode()).isEqualTo(200);
            assertThat(new CapaApi(sandbox.capaBaseUrl(), "another-key").findUsers("x").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aSubmittedKycIsInProgressUntilTheDecisionDelayHasPassed() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             ProviderSandbox sandbox = ProviderSandbox.start(SANDBOX, settings(receiver, Duration.ofMinutes(10),
                     List.of(Duration.ZERO)))) {
            final CapaApi api = new CapaApi(sandbox.capaBaseUrl(), "k");
            final String externalUserId = "cust-" + UUID.randomUUID();
            final String userId = api.newUser(externalUserId);

            CapaApi.submit(api.kycLink(userId), "Lovelace");

            assertThat(api.resultOf(userId)).isEqualTo("IN_PROGRESS");
            await().atMost(WAIT).until(() -> receiver.acceptedEventsFor(externalUserId), events -> events.equals(List.of("CREATED_KYC")));
        }
    }

    @Test
    void theScheduleSetsTheWaitBeforeEachAttempt() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             ProviderSandbox sandbox = ProviderSandbox.start(SANDBOX, settings(receiver, Duration.ofMinutes(10),
                     List.of(Duration.ZERO, Duration.ofMillis(300))))) {
            final CapaApi api = new CapaApi(sandbox.capaBaseUrl(), "k");
            final String externalUserId = "cust-" + UUID.randomUUID();
            receiver.failNext(externalUserId, 1);

            CapaApi.submit(api.kycLink(api.newUser(externalUserId)), "Lovelace");

            await().atMost(WAIT).until(() -> receiver.deliveriesFor(externalUserId).size() == 2);
            final List<WebhookReceiver.Delivery> attempts = receiver.deliveriesFor(externalUserId);
            assertThat(attempts).extracting(WebhookReceiver.Delivery::answeredWith).containsExactly(500, 200);
            assertThat(Duration.ofNanos(attempts.get(1).receivedAtNanos() - attempts.get(0).receivedAtNanos()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    private static CapaSandboxSettings settings(final WebhookReceiver receiver, final Duration decisionDelay,
                                                final List<Duration> schedule) {
        return new CapaSandboxSettings("k", "s", receiver.url(), decisionDelay, schedule);
    }
}
