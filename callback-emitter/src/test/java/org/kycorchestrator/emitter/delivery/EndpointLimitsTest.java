package org.kycorchestrator.emitter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

class EndpointLimitsTest {

    @Test
    void withoutConfigurationEightRequestsMayBeInFlightAndFiftyStartASecond() {
        // when
        final EndpointLimits limits = EndpointLimits.from(Config.of(Map.of()));

        // then
        assertThat(limits.inFlight(endpoint("ep-1")).getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(8);
        assertThat(limits.starts(endpoint("ep-1")).getRateLimiterConfig().getLimitForPeriod()).isEqualTo(50);
    }

    @Test
    void theLimitsAreTakenFromConfigurationAndKeptPerEndpoint() {
        // when
        final EndpointLimits limits = EndpointLimits.from(Config.of(Map.of(
                EndpointLimits.MAX_IN_FLIGHT_CONFIG, "3", EndpointLimits.RATE_CONFIG, "7")));

        // then
        assertThat(limits.inFlight(endpoint("ep-1")).getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(3);
        assertThat(limits.starts(endpoint("ep-1")).getRateLimiterConfig().getLimitForPeriod()).isEqualTo(7);
        assertThat(limits.inFlight(endpoint("ep-1"))).isSameAs(limits.inFlight(endpoint("ep-1"))).isNotSameAs(limits.inFlight(endpoint("ep-2")));
    }

    @Test
    void aFullEndpointRefusesAtOnceInsteadOfWaiting() {
        // given
        final EndpointLimits limits = EndpointLimits.of(1, 50);
        assertThat(limits.inFlight(endpoint("ep-1")).tryAcquirePermission()).isTrue();

        // when, then
        assertThat(limits.inFlight(endpoint("ep-1")).tryAcquirePermission()).isFalse();
        assertThat(limits.inFlight(endpoint("ep-2")).tryAcquirePermission()).isTrue();
    }

    @Test
    void anEndpointsOwnLimitsWinOverTheDefaultsAndAChangeTakesEffectAtOnce() {
        // given
        final EndpointLimits limits = EndpointLimits.of(8, 50);
        final WebhookEndpoint own = WebhookEndpoint.newBuilder(endpoint("ep-1")).setMaxInFlight(2).setRatePerSecond(5).build();

        // then
        assertThat(limits.inFlight(own).getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(2);
        assertThat(limits.starts(own).getRateLimiterConfig().getLimitForPeriod()).isEqualTo(5);

        // when the endpoint goes back to the defaults
        final WebhookEndpoint back = WebhookEndpoint.newBuilder(own).setMaxInFlight(null).setRatePerSecond(null).build();

        // then
        assertThat(limits.inFlight(back).getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(8);
        assertThat(limits.starts(back).getRateLimiterConfig().getLimitForPeriod()).isEqualTo(50);
    }

    @Test
    void aLimitBelowOneIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> EndpointLimits.from(Config.of(Map.of(EndpointLimits.RATE_CONFIG, "0"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EndpointLimits.RATE_CONFIG);
    }

    private static WebhookEndpoint endpoint(final String id) {
        return WebhookEndpoint.newBuilder().setId(id).setTenantId("tenant").setUrl("https://merchant.example/hook")
                .setSecret("whsec_x").setCreatedAt(Instant.parse("2026-11-22T10:00:00Z")).build();
    }
}
