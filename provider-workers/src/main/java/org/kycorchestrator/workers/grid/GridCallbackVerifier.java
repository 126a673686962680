package org.kycorchestrator.workers.grid;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.tenants.P256PublicKey;
import org.kycorchestrator.workers.callbacks.CallbackTrigger;
import org.kycorchestrator.workers.callbacks.VendorCallbackVerifier;

/**
 * Grid's webhooks, {@code {"id","type","timestamp","data"}}, carry {@code X-Grid-Signature:
 * {"v":"1","s":"<base64>"}}: an ECDSA P-256 signature over the SHA-256 of the raw body, checked
 * with Grid's public key (PEM). The header may also be the bare base64 signature, as Grid's own
 * verification example accepts. The signature covers the whole body, status included, yet the
 * worker still re-reads the status before the case moves, like for every vendor.
 *
 * <p>{@code CUSTOMER.*} webhooks carry the customer, with our id as {@code platformCustomerId}.
 * {@code VERIFICATION.*} webhooks carry the verification, which names only Grid's customer id; our
 * id is then looked up with {@code platformCustomerIds} (e.g. {@link GridAdapter#platformCustomerIdOf}).
 * A webhook whose customer cannot be told (the look-up fails, or a {@code TEST} webhook, which is
 * about no customer) gives no trigger: Grid then sends it again later, and does not retry {@code TEST}.
 */
public final class GridCallbackVerifier implements VendorCallbackVerifier {

    public static final String WEBHOOK_PUBLIC_KEY = "KYC_PROVIDER_GRID_WEBHOOK_PUBLIC_KEY";
    static final String HEADER = "x-grid-signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublicKey publicKey;
    private final Function<String, Optional<String>> platformCustomerIds;

    /**
     * @param webhookPublicKeyPem  Grid's webhook public key, a PEM {@code -----BEGIN PUBLIC KEY-----} block
     * @param platformCustomerIds  our customer id for a Grid customer id, empty when unknown
     * @throws IllegalArgumentException when the PEM is not a P-256 public key
     */
    public GridCallbackVerifier(final String webhookPublicKeyPem, final Function<String, Optional<String>> platformCustomerIds) {
        this.publicKey = publicKey(Objects.requireNonNull(webhookPublicKeyPem, "webhookPublicKeyPem cannot be null"));
        this.platformCustomerIds = Objects.requireNonNull(platformCustomerIds, "platformCustomerIds cannot be null");
    }

    /**
     * The verifier for {@code KYC_PROVIDER_GRID_WEBHOOK_PUBLIC_KEY} (a PEM; its line breaks may be
     * written {@code \n}), which looks up the customers of {@code VERIFICATION.*} webhooks at Grid
     * itself ({@code KYC_PROVIDER_GRID_URL}, {@code KYC_PROVIDER_GRID_CLIENT_ID},
     * {@code KYC_PROVIDER_GRID_CLIENT_SECRET}). Empty when the key is not set.
     */
    public static Optional<GridCallbackVerifier> fromConfig(final Config config, final HttpClient http) {
        return config.find(WEBHOOK_PUBLIC_KEY).map(pem -> {
            final GridAdapter grid = new GridAdapter(http, config.require("KYC_PROVIDER_GRID_URL"),
                    config.require("KYC_PROVIDER_GRID_CLIENT_ID"), config.require("KYC_PROVIDER_GRID_CLIENT_SECRET"),
                    config.getDuration("KYC_PROVIDER_CALL_TIMEOUT", Duration.ofSeconds(30)));
            return new GridCallbackVerifier(pem, grid::platformCustomerIdOf);
        });
    }

    @Override
    public Vendor vendor() {
        return Vendor.GRID;
    }

    @Override
    public Optional<CallbackTrigger> verify(final Map<String, String> headers, final byte[] body) {
        final String header = headers.get(HEADER);
        if (header == null || body == null || !signatureVerifies(header, body)) {
            return Optional.empty();
        }
        final JsonNode webhook;
        try {
            webhook = JSON.readTree(body);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (webhook == null || !webhook.path("type").isTextual()) {
            return Optional.empty();
        }
        final String type = webhook.get("type").asText();
        final JsonNode data = webhook.path("data");
        final String eventId = webhook.path("id").isTextual() ? webhook.get("id").asText() : null;
        if (type.startsWith("CUSTOMER.") && data.path("platformCustomerId").isTextual()) {
            return Optional.of(new CallbackTrigger(data.get("platformCustomerId").asText(), text(data.path("kycStatus")), eventId));
        }
        if (type.startsWith("VERIFICATION.") && data.path("customerId").isTextual()) {
            return platformCustomerIds.apply(data.get("customerId").asText())
                    .map(ours -> new CallbackTrigger(ours, text(data.path("verificationStatus")), eventId));
        }
        return Optional.empty();
    }

    /** The signature from the header, {@code {"v":"1","s":"<base64>"}} or bare base64, checked over {@code body}. */
    private boolean signatureVerifies(final String header, final byte[] body) {
        final byte[] signature;
        try {
            final String trimmed = header.trim();
            final String base64 = trimmed.startsWith("{") ? JSON.readTree(trimmed).path("s").asText("") : trimmed;
            signature = Base64.getDecoder().decode(base64);
        } catch (Exception e) {
            return false;
        }
        // DER, as Java and OpenSSL write it; 64 bytes is the raw r||s form some libraries write instead
        return verifies(signature.length == 64 ? "SHA256withECDSAinP1363Format" : "SHA256withECDSA", signature, body);
    }

    private boolean verifies(final String algorithm, final byte[] signature, final byte[] body) {
        try {
            final Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(body);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PublicKey publicKey(final String pem) {
        try {
            return P256PublicKey.fromPem(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Grid's webhook public key is not a PEM P-256 public key", e);
        }
    }

    private static String text(final JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
