package org.kycorchestrator.ingress.documents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A multipart/form-data body as a test writes it, byte for byte, so that a test can also send what
 * no well-behaved client library would (a field twice, a text field as a file, a lying file name).
 */
public final class Multipart {

    public static final String BOUNDARY = "kyc-test-boundary-7MA4YWxkTrZu0gW";
    public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private final List<byte[]> parts = new ArrayList<>();

    public Multipart field(final String name, final String value) {
        parts.add(("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Multipart file(final String name, final String fileName, final String contentType, final byte[] content) {
        final ByteArrayOutputStream part = new ByteArrayOutputStream();
        part.writeBytes(("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        part.writeBytes(content);
        parts.add(part.toByteArray());
        return this;
    }

    public byte[] bytes() {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }
}
