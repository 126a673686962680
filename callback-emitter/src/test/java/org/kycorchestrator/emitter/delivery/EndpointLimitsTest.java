package org.kycorchestrator.emitter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.config.Config;

class EndpointLimitsTest {

    @Test
    void withoutConfigurationEightRequestsMayBeInFlightAndFiftyStartASecond() {
        // when
        final EndpointLimits limits = EndpointLimits.from(Config.of(Map.of()));

        // then
        assertThat(limits.inFlight("ep-1").getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(8);
        assertThat(limits.starts("ep-1").getRateLimiterConfig().getLimitForPeriod()).isEqualTo(50);
    }

    @Test
    void theLimitsAreTakenFromConfigurationAndKeptPerEndpoint() {
        // when
        final EndpointLimits limits = EndpointLimits.from(Config.of(Map.of(
                EndpointLimits.MAX_IN_FLIGHT_CONFIG, "3", EndpointLimits.RATE_CONFIG, "7")));

        // then
        assertThat(limits.inFlight("ep-1").getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(3);
        assertThat(limits.starts("ep-1").getRateLimiterConfig().getLimitForPeriod()).isEqualTo(7);
        assertThat(limits.inFlight("ep-1")).isSameAs(limits.inFlight("ep-1")).isNotSameAs(limits.inFlight("ep-2"));
    }

    @Test
    void aFullEndpointRefusesAtOnceInsteadOfWaiting() {
        // given
        final EndpointLimits limits = EndpointLimits.of(1, 50);
        assertThat(limits.inFlight("ep-1").tryAcquirePermission()).isTrue();

        // when, then
        assertThat(limits.inFlight("ep-1").tryAcquirePermission()).isFalse();
        assertThat(limits.inFlight("ep-2").tryAcquirePermission()).isTrue();
    }

    @Test
    void aLimitBelowOneIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> EndpointLimits.from(Config.of(Map.of(EndpointLimits.RATE_CONFIG, "0"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EndpointLimits.RATE_CONFIG);
    }
}
