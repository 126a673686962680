package org.kycorchestrator.sandbox.capa;

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

/** A partner's webhook endpoint for tests: records every webhook POSTed to it and can answer 500 on demand. */
final class WebhookReceiver implements AutoCloseable {

    record Delivery(String method, String contentType, String signature, String body, JsonNode json, int answeredWith,
                    long receivedAtNanos) {
        String event() {
            return json.path("event").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    private WebhookReceiver(final HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
        try {
            final WebhookReceiver receiver = new WebhookReceiver(HttpServer.create(new InetSocketAddress("localhost", 0), 0));
            receiver.server.createContext("/webhooks/capa", receiver::handle);
            receiver.server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/webhooks/capa";
    }

    /** The next {@code times} webhooks for {@code externalUserId} are answered with a 500. */
    void failNext(final String externalUserId, final int times) {
        failuresLeft.put(externalUserId, new AtomicInteger(times));
    }

    List<Delivery> deliveriesFor(final String externalUserId) {
        return deliveries.stream().filter(d -> externalUserId.equals(d.json().path("externalUserId").asText())).toList();
    }

    /** The events answered 2xx for the user, in arrival order. */
    List<String> acceptedEventsFor(final String externalUserId) {
        return deliveriesFor(externalUserId).stream().filter(d -> d.answeredWith() == 200).map(Delivery::event).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            final String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final JsonNode json = JSON.readTree(body);
            final AtomicInteger failures = failuresLeft.get(json.path("externalUserId").asText());
            final int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
            deliveries.add(new Delivery(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("capa-signature"), body, json, status, System.nanoTime()));
            exchange.sendResponseHeaders(status, -1);
        } finally {
            exchange.close();
        }
    }
}
