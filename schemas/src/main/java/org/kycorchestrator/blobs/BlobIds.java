package org.kycorchestrator.blobs;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** Blob ids: 64 lower-case hex digits of a SHA-256. Anything else is refused before it becomes a path or a key. */
public final class BlobIds {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private BlobIds() {
    }

    public static boolean isValid(final String id) {
        return id != null && ID.matcher(id).matches();
    }

    static String require(final String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("a blob id is 64 lower-case hex digits of a SHA-256");
        }
        return id;
    }

    static String of(final byte[] sha256) {
        return HexFormat.of().formatHex(sha256);
    }
}
