package org.kycorchestrator.workers.vendors;

import java.time.Duration;
import java.util.Optional;

/**
 * A vendor call that did not succeed. {@code httpStatus} is 0 when no answer came at all.
 * Only failures the vendor may recover from by itself (no answer, 5xx, 429) are retryable; a
 * refusal of our data is not, and is reported to the merchant with the vendor's code.
 */
public final class VendorCallException extends RuntimeException {

    private final String operation;
    private final int httpStatus;
    private final String code;
    private final Duration retryAfter;

    public VendorCallException(final String operation, final int httpStatus, final String code, final String message) {
        this(operation, httpStatus, code, message, null);
    }

    /** @param retryAfter how long the vendor asked us to wait ({@code Retry-After}), or null */
    public VendorCallException(final String operation, final int httpStatus, final String code, final String message,
                               final Duration retryAfter) {
        super(message);
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public String operation() {
        return operation;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return httpStatus == 0 || httpStatus == 429 || httpStatus >= 500;
    }
}
