package org.kycorchestrator.sandbox.grid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Signs webhook bodies the way Grid does: an ECDSA signature on curve P-256 (secp256r1) over the
 * SHA-256 of the raw body, base64 (of the DER encoding) in the header
 * {@code X-Grid-Signature: {"v":"1","s":"<base64>"}}. The key pair is made fresh for each signer;
 * the merchant checks with the public half, which Grid hands out as a PEM.
 */
final class GridWebhookSigner {

    static final String HEADER = "X-Grid-Signature";
    static final String ALGORITHM = "SHA256withECDSA";

    private final KeyPair keys;
    private final String publicKeyPem;

    GridWebhookSigner() {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make P-256 keys", e);
        }
        this.publicKeyPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The public key as PEM (SubjectPublicKeyInfo), to verify the signatures with. */
    String publicKeyPem() {
        return publicKeyPem;
    }

    /** The value of the {@value #HEADER} header for {@code body}. */
    String signatureHeader(final byte[] body) {
        return "{\"v\":\"1\",\"s\":\"" + Base64.getEncoder().encodeToString(sign(body)) + "\"}";
    }

    private byte[] sign(final byte[] body) {
        try {
            final Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(keys.getPrivate());
            signature.update(body);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a Grid webhook", e);
        }
    }
}
