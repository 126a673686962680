package org.kycorchestrator.emitter.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kycorchestrator.emitter.delivery.AttemptOutcome;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;

class DeliveriesTest {

    static Stream<Arguments> answers() {
        return Stream.of(
                // how the endpoint answered,                          logged as
                Arguments.of(AttemptOutcome.answered(200), DeliveryOutcome.DELIVERED),
                Arguments.of(AttemptOutcome.answered(204), DeliveryOutcome.DELIVERED),
                Arguments.of(AttemptOutcome.answered(301), DeliveryOutcome.FAILED),
                Arguments.of(AttemptOutcome.answered(400), DeliveryOutcome.FAILED),
                Arguments.of(AttemptOutcome.answered(404), DeliveryOutcome.FAILED),
                Arguments.of(AttemptOutcome.answered(410), DeliveryOutcome.GONE),
                Arguments.of(AttemptOutcome.answered(429, Duration.ofSeconds(7)), DeliveryOutcome.FAILED),
                Arguments.of(AttemptOutcome.answered(500, null, "boom"), DeliveryOutcome.FAILED),
                Arguments.of(AttemptOutcome.answered(503), DeliveryOutcome.FAILED),
                Arguments.of(AttemptOutcome.unanswered("TimeoutException: no answer within 15 s"), DeliveryOutcome.FAILED));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("answers")
    void anAnswerIsLoggedAs(final AttemptOutcome answer, final DeliveryOutcome logged) {
        assertThat(Deliveries.outcomeOf(answer)).isEqualTo(logged);
    }
}
