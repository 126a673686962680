package org.kycorchestrator.sandbox.faults;

/**
 * What is wrong with one simulated vendor right now. All off is a healthy vendor.
 *
 * @param latencyMs added to every answer
 * @param errorRate the share of calls, 0 to 1, answered 500 in the vendor's error envelope
 * @param rateLimitRetryAfterSeconds when set, every call is answered 429 with this {@code Retry-After}
 * @param timeoutMs when set, every call is held this long before it is answered, past a caller's timeout
 * @param outage every call is answered 503
 * @param connectionReset every call's connection is closed without an answer
 */
public record Faults(long latencyMs, double errorRate, Integer rateLimitRetryAfterSeconds, Long timeoutMs, boolean outage,
                     boolean connectionReset) {

    public static final Faults NONE = new Faults(0, 0, null, null, false, false);

    public Faults {
        if (latencyMs < 0 || errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("latencyMs must be at least 0 and errorRate between 0 and 1");
        }
    }
}
