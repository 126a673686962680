package org.kycorchestrator.app.eos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A merchant's webhook endpoint, a real HTTP server, that is down until {@link #recover()} and
 * answers 200 from then on. While down it is slow to say so, as an endpoint behind a struggling
 * load balancer is: it answers 503 only after {@link #REFUSAL_TIME}, so that there are always
 * requests in flight when the emitter making them is killed. Like a merchant's, it checks each request's
 * signature with the Standard Webhooks library as it arrives (the signature's timestamp is only
 * good for a few minutes), and it records every request, in the order they arrived, with what it
 * answered. A request is recorded before it is answered, so a webhook sent only after another was
 * accepted is always recorded after it.
 */
final class OutageReceiver implements AutoCloseable {

    static final String PATH = "/webhooks";
    static final Duration REFUSAL_TIME = Duration.ofMillis(250);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UNAVAILABLE = 503;
    private static final int OK = 200;

    /** One request: its webhook-id, the customer and sequence its body is about, and what became of it. */
    record Received(String webhookId, String customerId, long sequence, int answeredWith, boolean verified, Instant at) {

        boolean accepted() {
            return answeredWith / 100 == 2;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Webhook verifier;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int answer = UNAVAILABLE;

    private OutageReceiver(final String secret) {
        Objects.requireNonNull(secret, "secret cannot be null");
        try {
            this.verifier = new Webhook(secret);
        } catch (EmptyWebhookSecretException e) {
            throw new IllegalArgumentException("the endpoint has no secret", e);
        }
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, this::handle);
        server.setExecutor(executor);
    }

    /** Listens on a free port, down until {@link #recover()}; verifies with the endpoint's secret. */
    static OutageReceiver start(final String secret) {
        final OutageReceiver receiver = new OutageReceiver(secret);
        receiver.server.start();
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The endpoint is back: every request from now on is accepted. */
    void recover() {
        answer = OK;
    }

    /** Every request so far, in the order they arrived. */
    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            final String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            final JsonNode data = JSON.readTree(body).path("data");
            final int status = answer;
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"), data.path("customerId").asText(),
                    data.path("sequence").asLong(), status, verifies(body, headers), Instant.now()));
            if (status == UNAVAILABLE) {
                Thread.sleep(REFUSAL_TIME.toMillis());
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private boolean verifies(final String body, final Map<String, List<String>> headers) {
        try {
            verifier.verify(body, headers);
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        }
    }
}
