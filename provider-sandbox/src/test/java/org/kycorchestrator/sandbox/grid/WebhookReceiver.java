package org.kycorchestrator.sandbox.grid;

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
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A platform's webhook endpoint for tests: records every Grid webhook POSTed to it, with its
 * signature header, and can answer with another status a number of times per Grid customer id.
 */
final class WebhookReceiver implements AutoCloseable {

    record Delivery(String contentType, String signature, byte[] rawBody, JsonNode json, int answeredWith) {

        String type() {
            return json.path("type").asText();
        }

        String id() {
            return json.path("id").asText();
        }
    }

    private record Answer(int status, int times) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> overrides = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> timesLeftByWebhookId = new ConcurrentHashMap<>();

    private WebhookReceiver(final HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
        try {
            final HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            final WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/webhooks/grid", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/webhooks/grid";
    }

    /** Every webhook about Grid customer {@code customerId} is answered {@code times} times with {@code status}, then 200. */
    void answer(final String customerId, final int status, final int times) {
        overrides.put(customerId, new Answer(status, times));
    }

    /** The webhooks about a Grid customer: {@code data.id} for customers, {@code data.customerId} for verifications. */
    List<Delivery> deliveriesFor(final String customerId) {
        return deliveries.stream().filter(d -> customerId.equals(customerIdOf(d.json()))).toList();
    }

    List<String> typesFor(final String customerId) {
        return deliveriesFor(customerId).stream().filter(d -> d.answeredWith() / 100 == 2).map(Delivery::type).distinct().toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String customerIdOf(final JsonNode webhook) {
        final JsonNode data = webhook.path("data");
        return webhook.path("type").asText().startsWith("VERIFICATION.") ? data.path("customerId").asText()
                : data.path("id").asText();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            final byte[] body = in.readAllBytes();
            final JsonNode json = GridApi.json(new String(body, StandardCharsets.UTF_8));
            final Answer override = overrides.get(customerIdOf(json));
            final int status = override != null && timesLeftByWebhookId.computeIfAbsent(json.path("id").asText(),
                    id -> new AtomicInteger(override.times())).getAndDecrement() > 0 ? override.status() : 200;
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Grid-Signature"), body, json, status));
            exchange.sendResponseHeaders(status, -1);
        } finally {
            exchange.close();
        }
    }
}
