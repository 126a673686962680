package org.kycorchestrator.sandbox.grid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Checks an {@code X-Grid-Signature} header the way Grid tells platforms to, for tests. */
final class WebhookSignatures {

    private WebhookSignatures() {
    }

    static PublicKey publicKey(final String pem) {
        final String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code header} is {@code {"v":"1","s":"<base64 signature>"}}; the signature covers the raw body. */
    static boolean verifies(final String pem, final String header, final byte[] body) {
        final String signature = GridApi.json(header).path("s").asText();
        try {
            final Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey(pem));
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(signature.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
