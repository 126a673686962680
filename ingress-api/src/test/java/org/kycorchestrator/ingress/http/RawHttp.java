package org.kycorchestrator.ingress.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written byte for byte, for requests no well-behaved client sends (a malformed request
 * line, a raw invalid byte in the path, a lying Content-Length). One request per connection.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** The server's answer: its status, headers (lower case) and body as text. */
    public record Answer(int status, String headers, String body) {
    }

    public static Answer send(final URI server, final byte[] head, final byte[] body, final int timeoutMillis) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(timeoutMillis);
            final OutputStream out = socket.getOutputStream();
            out.write(head);
            try {
                out.write(body);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // The server may answer and close before it has read everything; its answer is still there to read.
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(final InputStream in) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                bytes.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // What arrived until the server stopped talking (or reset the connection) is the answer.
        }
        return bytes.toByteArray();
    }

    private static Answer parse(final byte[] bytes) {
        final String text = new String(bytes, StandardCharsets.ISO_8859_1);
        final int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Answer(-1, "", text);
        }
        final int status = Integer.parseInt(text.substring(9, 12));
        final String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
        String body = text.substring(end + 4);
        if (headers.contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(final String chunked) {
        final StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            final int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            final int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
