package org.kycorchestrator.workers.xgateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.workers.callbacks.CallbackTrigger;
import org.kycorchestrator.workers.callbacks.VendorCallbackVerifier;

/**
 * xGateway's KYC callback carries {@code hash = base64(SHA-512("{customerId}.{secretKey}"))}. The
 * hash does not cover the status, so the status it claims is only a hint: the worker re-reads the
 * status API before the case moves.
 */
public final class XGatewayCallbackVerifier implements VendorCallbackVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secretKey;

    public XGatewayCallbackVerifier(final String secretKey) {
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey cannot be null").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Vendor vendor() {
        return Vendor.XGATEWAY;
    }

    public static String expectedHash(final String customerId, final String secretKey) {
        return Base64.getEncoder().encodeToString(sha512((customerId + "." + secretKey).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<CallbackTrigger> verify(final Map<String, String> headers, final byte[] body) {
        final JsonNode callback;
        try {
            callback = JSON.readTree(body);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (callback == null || !callback.isObject() || !callback.path("customerId").isTextual() || !callback.path("hash").isTextual()) {
            return Optional.empty();
        }
        final String customerId = callback.get("customerId").asText();
        final byte[] expected = expectedHash(customerId, new String(secretKey, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        final byte[] given = callback.get("hash").asText().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.empty();
        }
        final JsonNode status = callback.path("status");
        return Optional.of(new CallbackTrigger(customerId, status.isTextual() ? status.asText() : null));
    }

    private static byte[] sha512(final byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
    }
}
