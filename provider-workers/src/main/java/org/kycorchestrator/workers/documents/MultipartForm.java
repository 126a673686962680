package org.kycorchestrator.workers.documents;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578) of text fields and one file, for the JDK's HTTP
 * client. The file is streamed from the blob store as the request is sent, never held in memory,
 * and opened afresh when a call is retried.
 *
 * <p>Why not a library: the HTTP client has no multipart support, and Apache HttpClient's builder
 * writes to an OutputStream, which would need a second thread or the whole file in memory per call.
 * The framing here is small because every name is ours: field names, values and the file name are
 * ASCII tokens, checked below, so nothing needs quoting or encoding.
 */
public final class MultipartForm {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final String boundary = "kyc-" + UUID.randomUUID();
    private final Map<String, String> fields = new LinkedHashMap<>();

    public MultipartForm field(final String name, final String value) {
        fields.put(token(name), token(value));
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The body: the fields, then the document under {@code fileField}. */
    public HttpRequest.BodyPublisher withFile(final String fileField, final StoredDocument document) {
        final StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(token(fileField)).append("\"; filename=\"")
                .append(token(document.fileName())).append("\"\r\n")
                .append("Content-Type: ").append(document.format().mediaType()).append("\r\n\r\n");
        final byte[] before = head.toString().getBytes(StandardCharsets.US_ASCII);
        final byte[] after = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        final List<HttpRequest.BodyPublisher> parts = new ArrayList<>(List.of(HttpRequest.BodyPublishers.ofByteArray(before),
                HttpRequest.BodyPublishers.ofInputStream(document::open), HttpRequest.BodyPublishers.ofByteArray(after)));
        final HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
        final Long size = document.reference().getSize();
        // With the file's size known the body gets a Content-Length, which some servers insist on.
        return size == null ? body : HttpRequest.BodyPublishers.fromPublisher(body, before.length + size + after.length);
    }

    private static String token(final String text) {
        if (!TOKEN.matcher(Objects.requireNonNull(text, "a form name or value cannot be null")).matches()) {
            throw new IllegalArgumentException("form names and values are ASCII tokens");
        }
        return text;
    }
}
