package org.kycorchestrator.sandbox.xgateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A merchant endpoint for tests: records every callback POSTed to it and can answer 500 on demand. */
final class CallbackReceiver implements AutoCloseable {

    record Delivery(String method, String contentType, String body, JsonNode json, int answeredWith) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    private CallbackReceiver(final HttpServer server) {
        this.server = server;
    }

    static CallbackReceiver start() {
        try {
            final HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            final CallbackReceiver receiver = new CallbackReceiver(server);
            server.createContext("/callbacks/xgateway", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/callbacks/xgateway";
    }

    /** The next {@code times} callbacks for {@code customerId} are answered with a 500. */
    void failNext(final String customerId, final int times) {
        failuresLeft.put(customerId, new AtomicInteger(times));
    }

    List<Delivery> deliveriesFor(final String customerId) {
        return deliveries.stream().filter(d -> customerId.equals(d.json().path("customerId").asText())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            final String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final JsonNode json = JSON.readTree(body);
            final AtomicInteger failures = failuresLeft.get(json.path("customerId").asText());
            final int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
            deliveries.add(new Delivery(exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, json, status));
            exchange.sendResponseHeaders(status, -1);
        } finally {
            exchange.close();
        }
    }
}
