package org.kycorchestrator.ingress.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.javalin.http.Context;
import org.kycorchestrator.ingress.http.ApiError;

/**
 * A merchant's {@code Idempotency-Key}, which belongs to the tenant that sent it: two tenants may
 * use the same key without meeting.
 *
 * @param tenantId the tenant that sent it
 * @param value    1 to 255 visible ASCII characters (no spaces)
 */
public record IdempotencyKey(String tenantId, String value) {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("an Idempotency-Key is 1 to " + MAX_LENGTH + " visible ASCII characters");
        }
    }

    /** The request's key, if it has one; a key that is not well formed, or given twice, is a 400. */
    public static Optional<IdempotencyKey> of(final Context ctx, final String tenantId) {
        final List<String> given = Collections.list(ctx.req().getHeaders(HEADER));
        if (given.isEmpty()) {
            return Optional.empty();
        }
        if (given.size() > 1) {
            throw ApiError.badRequest(HEADER + " must be given once");
        }
        if (!isWellFormed(given.get(0))) {
            throw ApiError.badRequest(HEADER + " must be 1 to " + MAX_LENGTH + " visible ASCII characters (no spaces)");
        }
        return Optional.of(new IdempotencyKey(tenantId, given.get(0)));
    }

    static boolean isWellFormed(final String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_LENGTH && value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    /**
     * The record key on {@code kyc.idempotency-keys}. Neither a tenant id nor a key holds a space,
     * so no two (tenant, key) pairs share one.
     */
    public String recordKey() {
        return tenantId + ' ' + value;
    }

    /**
     * The command id of the request sent with this key: the same for every retry of the request on
     * any instance, so the orchestrator, which answers a command id it has seen with its first
     * outcome, settles even a race between two instances. The request's fingerprint is part of it,
     * so that a key used again after it expired, for another request, does not name the old command.
     */
    public String commandId(final String requestFingerprint) {
        final String name = "idempotency\u0000" + tenantId + '\u0000' + value + '\u0000' + requestFingerprint;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
