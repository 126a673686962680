package org.kycorchestrator.workers;

import java.util.Locale;
import java.util.Objects;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.kycorchestrator.schemas.Vendor;

/**
 * Times every provider request from its dispatch to its result, retries and waits included, as
 * {@value #REQUESTS} with the tags {@code vendor}, {@code operation} (the request's kind, e.g.
 * {@code issue_link}) and {@code outcome}: {@code answered} (the vendor did what was asked),
 * {@code refused} (the vendor refused our data, or the request made no sense to it),
 * {@code unavailable} (every retry failed or met an open circuit) or {@code not_configured}. The
 * circuits, retries and bulkheads themselves are published by Resilience4j's binders.
 */
public final class VendorMeters {

    public static final String REQUESTS = "kyc.vendor.requests";

    /** How a provider request ended, as the {@code outcome} tag says it. */
    public enum Outcome {
        ANSWERED, REFUSED, UNAVAILABLE, NOT_CONFIGURED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public VendorMeters(final MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
    }

    /** A running request's stopwatch; {@link #ended} records it. */
    public Timer.Sample started() {
        return Timer.start(registry);
    }

    /**
     * @param operation the request's payload, whose kind names the operation
     */
    public void ended(final Timer.Sample sample, final Vendor vendor, final Object operation, final Outcome outcome) {
        sample.stop(Timer.builder(REQUESTS)
                .description("Provider requests from dispatch to result, retries included")
                .tag("vendor", vendor.name().toLowerCase(Locale.ROOT))
                .tag("operation", operationName(operation))
                .tag("outcome", outcome.tag())
                .register(registry));
    }

    /** {@code CreateVendorApplicant} → {@code create_vendor_applicant}: a class of our schema, so a fixed set. */
    static String operationName(final Object operation) {
        return operation == null ? "none"
                : operation.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
