package org.kycorchestrator.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The file formats a KYC document may have (JPG, PNG and PDF, the ones every vendor takes), told
 * by the signature their content starts with, never by a file name or a declared content type:
 * those are whatever the sender says, the first bytes are what the vendor will try to read.
 *
 * <p>Three fixed signatures are all this needs; a general type-detection library would add a large
 * dependency to tell apart formats we refuse anyway.
 */
public enum DocumentFormat {
    /** JPEG/JFIF/EXIF: start of image, then the first marker's 0xFF. */
    JPEG("image/jpeg", "jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
    /** PNG's eight-byte signature, which also catches files mangled by text-mode transfers. */
    PNG("image/png", "png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}),
    /** A PDF header, {@code %PDF-} followed by the version. */
    PDF("application/pdf", "pdf", "%PDF-".getBytes(StandardCharsets.US_ASCII));

    /** How many leading bytes {@link #of(byte[])} needs to decide. */
    public static final int SIGNATURE_BYTES = 8;

    private final String mediaType;
    private final String extension;
    private final byte[] signature;

    DocumentFormat(final String mediaType, final String extension, final byte[] signature) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.signature = signature;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The format whose signature {@code head} (the file's first bytes) starts with; empty for anything else. */
    public static Optional<DocumentFormat> of(final byte[] head) {
        return Arrays.stream(values()).filter(format -> format.matches(head)).findFirst();
    }

    /** Reads the first bytes of {@code content} (which it leaves open) and tells the format. */
    public static Optional<DocumentFormat> of(final InputStream content) throws IOException {
        return of(content.readNBytes(SIGNATURE_BYTES));
    }

    private boolean matches(final byte[] head) {
        return head.length >= signature.length && Arrays.equals(head, 0, signature.length, signature, 0, signature.length);
    }
}
