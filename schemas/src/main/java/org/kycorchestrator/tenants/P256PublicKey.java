package org.kycorchestrator.tenants;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * A P-256 public key written as PEM ({@code -----BEGIN PUBLIC KEY-----}), as Grid publishes the
 * key its webhooks are signed with. Read where the key is configured (a tenant's credentials, the
 * deployment's settings) and where the webhooks are checked, so both agree on what a key is.
 */
public final class P256PublicKey {

    private P256PublicKey() {
    }

    /**
     * @param pem the PEM block; its line breaks may be written {@code \n}, as in an environment variable
     * @throws IllegalArgumentException when it is not a PEM P-256 public key
     */
    public static PublicKey fromPem(final String pem) {
        Objects.requireNonNull(pem, "pem cannot be null");
        final String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replace("\\n", "").replaceAll("\\s", "");
        try {
            final PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII))));
            if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("the key must be a P-256 public key");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PEM P-256 public key", e);
        }
    }
}
