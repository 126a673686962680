package org.kycorchestrator.sandbox;

import java.security.MessageDigest;
import java.util.Base64;

/** Checks an HTTP Basic {@code Authorization} header in constant time, for the vendors that use Basic auth. */
public final class BasicAuthorization {

    private BasicAuthorization() {
    }

    /** @param expected the bytes of {@code user:password} */
    public static boolean matches(final String header, final byte[] expected) {
        final byte[] given = decode(header);
        return given != null && MessageDigest.isEqual(expected, given);
    }

    /** The bytes of {@code user:password} a Basic header carries; {@code null} when it is no Basic header. */
    public static byte[] decode(final String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
