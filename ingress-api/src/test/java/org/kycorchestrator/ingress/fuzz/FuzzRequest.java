package org.kycorchestrator.ingress.fuzz;

import java.util.List;
import java.util.Map;

/**
 * One malformed request: what it is (for the report), and its parts. {@code raw} requests are
 * written byte for byte on their own connection, for what no well-behaved client can send (a raw
 * invalid byte in the path, a Content-Length that lies); the others go through a pooled client.
 *
 * @param headers in order; names may repeat
 */
record FuzzRequest(int index, String kind, String method, String path, List<Map.Entry<String, String>> headers, byte[] body,
                   boolean chunked, boolean raw) {

    /** A line for the report: enough to find the request again with the seed, never the whole body. */
    String describe() {
        final String shownPath = path.length() > 120 ? path.substring(0, 120) + "...(" + path.length() + " chars)" : path;
        final long headerBytes = headers.stream().mapToLong(h -> h.getKey().length() + h.getValue().length()).sum();
        return "#" + index + " " + kind + ": " + method + " " + shownPath + " with " + headers.size() + " headers (" + headerBytes
                + " bytes), a body of " + body.length + " bytes" + (chunked ? " (chunked)" : "") + (raw ? ", raw" : "");
    }
}
