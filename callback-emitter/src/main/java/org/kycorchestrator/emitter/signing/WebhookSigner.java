package org.kycorchestrator.emitter.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhooks as Standard Webhooks 1.0 prescribes: {@code v1,} followed by the base64 of
 * HMAC-SHA256 over {@code "{id}.{timestamp}.{body}"}, keyed with the base64-decoded secret (after its
 * {@code whsec_} prefix).
 *
 * <p>A signer holds a list of secrets and emits one signature per secret, separated by spaces, so an
 * endpoint can rotate its secret without missing a webhook: during the overlap both the old and the
 * new secret sign, and the receiver accepts the message if any signature matches. Secrets never
 * appear in an exception message or in {@link #toString()}.
 */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";

    private final List<byte[]> keys;

    private WebhookSigner(final List<byte[]> keys) {
        this.keys = keys;
    }

    /** A signer for these secrets, in the order their signatures are emitted. */
    public static WebhookSigner of(final List<String> secrets) {
        Objects.requireNonNull(secrets, "secrets cannot be null");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is needed");
        }
        return new WebhookSigner(secrets.stream().map(WebhookSigner::decode).toList());
    }

    public static WebhookSigner of(final String secret) {
        return of(List.of(Objects.requireNonNull(secret, "secret cannot be null")));
    }

    /** The value of the {@code webhook-signature} header for this message and attempt. */
    public String signature(final String messageId, final long timestampSeconds, final String body) {
        Objects.requireNonNull(messageId, "messageId cannot be null");
        Objects.requireNonNull(body, "body cannot be null");
        final byte[] content = (messageId + '.' + timestampSeconds + '.' + body).getBytes(StandardCharsets.UTF_8);
        final StringJoiner signatures = new StringJoiner(" ");
        for (byte[] key : keys) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(key, content)));
        }
        return signatures.toString();
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + keys.size() + " secret(s)]";
    }

    private static byte[] decode(final String secret) {
        Objects.requireNonNull(secret, "secret cannot be null");
        final String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        final byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes a character of the secret; ours does not.
            throw new IllegalArgumentException("a webhook secret is not valid base64");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("a webhook secret is empty");
        }
        return key;
    }

    private static byte[] hmac(final byte[] key, final byte[] content) {
        try {
            // Mac instances are not thread-safe and cheap to create, so each signature gets its own.
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
