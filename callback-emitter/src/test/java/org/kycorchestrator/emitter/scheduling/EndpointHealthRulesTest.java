package org.kycorchestrator.emitter.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.EndpointHealth;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * When an endpoint is disabled for failing. Each row: since when it has been failing (days before
 * the attempt; empty when it has not), when it was last enabled (days before the attempt; empty
 * for never), whether it is enabled, and the attempt's outcome; then whether it is disabled now and
 * since when it is failing afterwards. The limit is 5 days.
 */
class EndpointHealthRulesTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
    private final EndpointHealthRules rules = new EndpointHealthRules(Duration.ofDays(5));

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("a first failure starts the count", null, null, true, DeliveryOutcome.FAILED, false, 0),
                Arguments.of("failing for less than five days is tolerated", 4, null, true, DeliveryOutcome.FAILED, false, 4),
                Arguments.of("failing for five days disables the endpoint", 5, null, true, DeliveryOutcome.FAILED, true, null),
                Arguments.of("a 410 counts as a failure", 6, null, true, DeliveryOutcome.GONE, true, null),
                Arguments.of("one success ends the count", 6, null, true, DeliveryOutcome.DELIVERED, false, null),
                Arguments.of("failures from before the endpoint was enabled again do not count", 6, 1, true, DeliveryOutcome.FAILED, false, 0),
                Arguments.of("an endpoint already disabled is not disabled again", 6, null, false, DeliveryOutcome.FAILED, false, 6),
                Arguments.of("attempts not made do not count", 6, null, true, DeliveryOutcome.ENDPOINT_DISABLED, false, 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void anEndpointFailingForTooLongIsDisabled(final String rule, final Integer failingForDays, final Integer enabledDaysAgo,
                                               final boolean enabled, final DeliveryOutcome outcome, final boolean disabled,
                                               final Integer failingAfterDays) {
        final EndpointHealth before = failingForDays == null ? null
                : EndpointHealth.newBuilder().setEndpointId("ep_1").setFailingSince(AT.minus(Duration.ofDays(failingForDays))).build();
        final WebhookEndpoint endpoint = WebhookEndpoint.newBuilder().setId("ep_1").setTenantId("tenant").setUrl("https://example.com/hook")
                .setSecret("whsec_x").setEnabled(enabled).setCreatedAt(AT.minus(Duration.ofDays(30)))
                .setEnabledAt(enabledDaysAgo == null ? null : AT.minus(Duration.ofDays(enabledDaysAgo))).build();

        final EndpointHealthRules.Step step = rules.apply(before, delivery(outcome), endpoint);

        assertThat(step.disable()).isEqualTo(disabled);
        assertThat(step.health().getFailingSince())
                .isEqualTo(failingAfterDays == null ? null : AT.minus(Duration.ofDays(failingAfterDays)));
    }

    private static WebhookDelivery delivery(final DeliveryOutcome outcome) {
        return WebhookDelivery.newBuilder().setAttemptId("a").setEndpointId("ep_1").setTenantId("tenant").setSubject("c")
                .setMessageId("m").setEventType("kyc.approved").setAttempt(1).setAttemptedAt(AT).setOutcome(outcome)
                .setLatencyMillis(5).build();
    }
}
