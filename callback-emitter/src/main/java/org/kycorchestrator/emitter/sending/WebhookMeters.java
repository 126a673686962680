package org.kycorchestrator.emitter.sending;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.WebhookAttempt;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;

/**
 * What the sender tells operators about webhooks: every attempt by outcome, how long endpoints take
 * to answer, and how long an event takes to reach its endpoint. Tags are the outcome only: an
 * endpoint, tenant or customer id would make a time series per merchant or per person.
 *
 * <ul>
 *   <li>{@value #ATTEMPTS} (counter, tag {@code outcome}: {@code delivered}, {@code failed}, {@code gone},
 *   {@code endpoint_disabled}, {@code endpoint_deleted});</li>
 *   <li>{@value #RESPONSE_TIME} (timer, tag {@code outcome}): the HTTP exchange of each attempt that was sent;</li>
 *   <li>{@value #DELIVERY_LAG} (timer): from the event to its successful delivery, retries included.</li>
 * </ul>
 */
public final class WebhookMeters {

    public static final String ATTEMPTS = "kyc.webhook.attempts";
    public static final String RESPONSE_TIME = "kyc.webhook.response.time";
    public static final String DELIVERY_LAG = "kyc.webhook.delivery.lag";

    private final MeterRegistry registry;
    private final Clock clock;

    public WebhookMeters(final MeterRegistry registry, final Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /** Counts how the attempt ended; {@code sent} says whether a request went out at all. */
    void attempted(final WebhookAttempt attempt, final WebhookDelivery delivery, final boolean sent) {
        final String outcome = delivery.getOutcome().name().toLowerCase(Locale.ROOT);
        Counter.builder(ATTEMPTS).description("Webhook attempts by how they ended")
                .tag("outcome", outcome).register(registry).increment();
        if (sent) {
            Timer.builder(RESPONSE_TIME).description("How long endpoints took to answer a webhook")
                    .tag("outcome", outcome).register(registry).record(Duration.ofMillis(delivery.getLatencyMillis()));
        }
        if (delivery.getOutcome() == DeliveryOutcome.DELIVERED) {
            final Duration lag = Duration.between(attempt.getMessage().getOccurredAt(), clock.instant());
            Timer.builder(DELIVERY_LAG).description("From an event to its delivery, retries included")
                    .register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
        }
    }
}
