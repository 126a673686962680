package org.kycorchestrator.workers.resilience;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * Retries, one circuit breaker and one bulkhead per vendor, all from Resilience4j. A call is
 * retried with exponential backoff and jitter when the vendor did not answer, answered 5xx or 429,
 * or its circuit is open; a {@code Retry-After} it sent is honoured (up to 10 h). A refusal of our
 * data is never retried. Waits run on a scheduler, never on a thread of ours.
 *
 * <p>The guards are per vendor, not per vendor account: a tenant's own account at a vendor and the
 * deployment's share them. What trips a circuit (no answer, 5xx) is nearly always the vendor's own
 * trouble, which every account meets at once; the ingress's failover reads one circuit per vendor
 * from {@code kyc.vendor-health}; and the bulkhead bounds what this worker has in flight at a host,
 * whoever's key it carries. The price: one account's 429s (vendors limit each key) count against the
 * vendor's circuit for every account.
 *
 * <p>Resilience4j's own binders publish each vendor's circuit ({@code resilience4j.circuitbreaker.*},
 * tag {@code name} = the vendor), retries ({@code resilience4j.retry.*}) and bulkhead
 * ({@code resilience4j.bulkhead.*}); {@value #QUEUED} gauges the calls waiting for the bulkhead.
 */
public final class VendorGuards {

    static final Duration MAX_RETRY_AFTER = Duration.ofHours(10);
    public static final String QUEUED = "kyc.vendor.calls.queued";

    private final Map<Vendor, CircuitBreaker> breakers = new EnumMap<>(Vendor.class);
    private final Map<Vendor, VendorLane> lanes = new EnumMap<>(Vendor.class);
    private final Map<Vendor, Retry> retries = new EnumMap<>(Vendor.class);
    private final ScheduledExecutorService scheduler;

    /** Guards whose metrics stay in memory. */
    public VendorGuards(final Config config, final ScheduledExecutorService scheduler) {
        this(config, scheduler, new SimpleMeterRegistry());
    }

    public VendorGuards(final Config config, final ScheduledExecutorService scheduler, final MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry cannot be null");
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
        final CircuitBreakerRegistry breakerRegistry = CircuitBreakerRegistry.of(breaker);
        final BulkheadRegistry bulkheadRegistry = BulkheadRegistry.of(bulkhead);
        final RetryRegistry retryRegistry = RetryRegistry.of(retry);
        for (Vendor vendor : Vendor.values()) {
            final String name = vendor.name().toLowerCase();
            breakers.put(vendor, breakerRegistry.circuitBreaker(name));
            final VendorLane lane = new VendorLane(bulkheadRegistry.bulkhead(name));
            lanes.put(vendor, lane);
            retries.put(vendor, retryRegistry.retry(name));
            Gauge.builder(QUEUED, lane, VendorLane::waiting).description("Vendor calls waiting for room in the vendor's bulkhead")
                    .tag("vendor", name).register(registry);
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakerRegistry).bindTo(registry);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheadRegistry).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(retryRegistry).bindTo(registry);
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
