package org.kycorchestrator.workers.capa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Our side of Capa's webhooks in a test: a JDK HTTP server that keeps each webhook as it arrived, and answers 200. */
final class WebhookEndpoint implements AutoCloseable {

    /** One webhook: its headers (names in lower case, as verifiers get them) and its raw body. */
    record Received(Map<String, String> headers, byte[] body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookEndpoint(final HttpServer server) {
        this.server = server;
    }

    static WebhookEndpoint start() {
        try {
            final WebhookEndpoint endpoint = new WebhookEndpoint(HttpServer.create(new InetSocketAddress("localhost", 0), 0));
            endpoint.server.createContext("/v1/providers/capa/callbacks", endpoint::handle);
            endpoint.server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/v1/providers/capa/callbacks";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            final Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            received.add(new Received(Map.copyOf(headers), in.readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
        } finally {
            exchange.close();
        }
    }
}
