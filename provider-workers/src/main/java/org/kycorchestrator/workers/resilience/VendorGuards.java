package org.kycorchestrator.workers.resilience;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * Retries, one circuit breaker and one bulkhead per vendor, all from Resilience4j. A call is
 * retried with exponential backoff and jitter when the vendor did not answer, answered 5xx or 429,
 * or its circuit is open; a {@code Retry-After} it sent is honoured (up to 10 h). A refusal of our
 * data is never retried. Waits run on a scheduler, never on a thread of ours.
 */
public final class VendorGuards {

    static final Duration MAX_RETRY_AFTER = Duration.ofHours(10);

    private final Map<Vendor, CircuitBreaker> breakers = new EnumMap<>(Vendor.class);
    private final Map<Vendor, VendorLane> lanes = new EnumMap<>(Vendor.class);
    private final Map<Vendor, Retry> retries = new EnumMap<>(Vendor.class);
    private final ScheduledExecutorService scheduler;

    public VendorGuards(final Config config, final ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler cannot be null");
        final CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
                .failureRateThreshold(config.getInt("KYC_PROVIDER_CIRCUIT_FAILURE_RATE", 50))
                .minimumNumberOfCalls(config.getInt("KYC_PROVIDER_CIRCUIT_MIN_CALLS", 10))
                .slidingWindowSize(config.getInt("KYC_PROVIDER_CIRCUIT_WINDOW", 20))
                .waitDurationInOpenState(config.getDuration("KYC_PROVIDER_CIRCUIT_OPEN_FOR", Duration.ofSeconds(30)))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // Only the vendor's own trouble counts against it; a refusal of our data is a healthy answer.
                .recordException(VendorGuards::isVendorTrouble)
                .build();
        final BulkheadConfig bulkhead = BulkheadConfig.custom()
                .maxConcurrentCalls(config.getInt("KYC_PROVIDER_MAX_IN_FLIGHT", 16))
                .maxWaitDuration(Duration.ZERO)
                .build();
        final RetryConfig retry = RetryConfig.custom()
                .maxAttempts(config.getInt("KYC_PROVIDER_MAX_ATTEMPTS", 6))
                .intervalBiFunction(backoff(IntervalFunction.ofExponentialRandomBackoff(
                        config.getDuration("KYC_PROVIDER_RETRY_BACKOFF", Duration.ofSeconds(1)), 2.0, 0.5,
                        config.getDuration("KYC_PROVIDER_RETRY_MAX_BACKOFF", Duration.ofMinutes(1)))))
                .retryOnException(e -> isVendorTrouble(e) || e instanceof CallNotPermittedException)
                .build();
        for (Vendor vendor : Vendor.values()) {
            final String name = vendor.name().toLowerCase();
            breakers.put(vendor, CircuitBreaker.of(name, breaker));
            lanes.put(vendor, new VendorLane(Bulkhead.of(name, bulkhead)));
            retries.put(vendor, Retry.of(name, retry));
        }
    }

    /** Runs the call for {@code vendor} under its breaker, bulkhead and retries. */
    public <T> CompletableFuture<T> call(final Vendor vendor, final Supplier<CompletableFuture<T>> call) {
        final CircuitBreaker breaker = breakers.get(vendor);
        final VendorLane lane = lanes.get(vendor);
        return retries.get(vendor).executeCompletionStage(scheduler,
                () -> lane.submit(() -> CircuitBreaker.decorateCompletionStage(breaker, call::get).get().toCompletableFuture()))
                .toCompletableFuture();
    }

    /** Tells {@code listener} each time a vendor's circuit changes state. */
    public void onCircuitChange(final java.util.function.BiConsumer<Vendor, CircuitBreaker.State> listener) {
        breakers.forEach((vendor, breaker) -> breaker.getEventPublisher()
                .onStateTransition(event -> listener.accept(vendor, event.getStateTransition().getToState())));
    }

    public CircuitBreaker.State circuit(final Vendor vendor) {
        return breakers.get(vendor).getState();
    }

    /** No answer, 5xx, 429: the vendor's trouble, worth retrying and counted by its circuit breaker. */
    public static boolean isVendorTrouble(final Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof VendorCallException e && e.retryable();
    }

    private static IntervalBiFunction<Object> backoff(final IntervalFunction exponential) {
        return (attempt, outcome) -> retryAfter(outcome).map(Duration::toMillis).orElseGet(() -> exponential.apply(attempt));
    }

    private static java.util.Optional<Duration> retryAfter(final Either<Throwable, Object> outcome) {
        if (!outcome.isLeft()) {
            return java.util.Optional.empty();
        }
        final Throwable failure = outcome.getLeft() instanceof CompletionException c && c.getCause() != null ? c.getCause() : outcome.getLeft();
        if (failure instanceof VendorCallException e) {
            return e.retryAfter().map(wait -> wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
        }
        return java.util.Optional.empty();
    }
}
