package org.kycorchestrator.workers.capa;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.workers.callbacks.CallbackTrigger;
import org.kycorchestrator.workers.callbacks.VendorCallbackVerifier;

/**
 * Capa's KYC webhook {@code {"type":"KYC","event","externalUserId"}} carries the header
 * {@code capa-signature} = hex HMAC-SHA256(webhook secret, compact JSON of the payload), checked in
 * constant time. The body as received is checked first; should it not be compact, its compact form is
 * checked too. The webhook has no id and no time and Capa never replays it, so it is only a trigger:
 * the worker reads the KYC details before the case moves. Our customer id is Capa's externalUserId.
 */
public final class CapaCallbackVerifier implements VendorCallbackVerifier {

    public static final String SIGNATURE_HEADER = "capa-signature";
    public static final String WEBHOOK_SECRET = "KYC_PROVIDER_CAPA_WEBHOOK_SECRET";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] webhookSecret;

    public CapaCallbackVerifier(final String webhookSecret) {
        Objects.requireNonNull(webhookSecret, "webhookSecret cannot be null");
        if (webhookSecret.isEmpty()) {
            throw new IllegalArgumentException("webhookSecret cannot be empty");
        }
        this.webhookSecret = webhookSecret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The verifier where Capa is configured ({@code KYC_PROVIDER_CAPA_URL} set), keyed with
     * {@code KYC_PROVIDER_CAPA_WEBHOOK_SECRET}, which is then required; for the process that receives
     * the callbacks, next to the other vendors' verifiers.
     */
    public static Optional<CapaCallbackVerifier> fromConfig(final Config config) {
        return config.find(CapaAdapter.URL).map(url -> new CapaCallbackVerifier(config.require(WEBHOOK_SECRET)));
    }

    @Override
    public Vendor vendor() {
        return Vendor.CAPA;
    }

    /** Hex HMAC-SHA256 of {@code payload} under {@code webhookSecret}, as Capa signs its webhooks. */
    public static String signature(final String webhookSecret, final byte[] payload) {
        return HexFormat.of().formatHex(hmac(webhookSecret.getBytes(StandardCharsets.UTF_8), payload));
    }

    @Override
    public Optional<CallbackTrigger> verify(final Map<String, String> headers, final byte[] body) {
        final byte[] given = signatureBytes(headers.get(SIGNATURE_HEADER));
        final JsonNode webhook;
        try {
            webhook = JSON.readTree(body);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (given == null || webhook == null || !webhook.isObject() || !"KYC".equals(webhook.path("type").asText(null))
                || !webhook.path("event").isTextual() || !webhook.path("externalUserId").isTextual()) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(hmac(webhookSecret, body), given)
                && !MessageDigest.isEqual(hmac(webhookSecret, compact(webhook)), given)) {
            return Optional.empty();
        }
        return Optional.of(new CallbackTrigger(webhook.get("externalUserId").asText(), webhook.get("event").asText()));
    }

    private static byte[] signatureBytes(final String header) {
        if (header == null) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(header.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] compact(final JsonNode webhook) {
        return webhook.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(final byte[] key, final byte[] payload) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
