package org.kycorchestrator.workers.grid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP stub of Grid under its base path {@value #BASE_PATH}: answers each method and path with
 * the canned answers given, in order (the last one repeats), and records every request. Every
 * canned answer is first checked against our OpenAPI description of Grid.
 */
final class GridStub implements AutoCloseable {

    static final String BASE_PATH = "/grid/2025-10-13";

    /** A request as the stub saw it; header names in lower case, {@code query} raw ({@code null} when none). */
    record Seen(String method, String path, String query, Map<String, String> headers, String body) {

        String header(final String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Answer(int status, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();

    GridStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort() + BASE_PATH;
    }

    /** Answers {@code method} on {@code path} (under the base path, without query) with {@code status} and {@code body}. */
    GridStub on(final String method, final String path, final int status, final String body) {
        return on(method, path, status, body, Map.of());
    }

    GridStub on(final String method, final String path, final int status, final String body, final Map<String, String> headers) {
        GridSpec.assertValidResponse(method, BASE_PATH + path, status, headers, body);
        answers.computeIfAbsent(method + " " + BASE_PATH + path, key -> new ArrayDeque<>()).add(new Answer(status, body, headers));
        return this;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            final String path = exchange.getRequestURI().getRawPath();
            seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            final Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + path);
            final Answer answer = queue == null ? new Answer(404,
                    "{\"status\":404,\"code\":\"NOT_FOUND\",\"message\":\"The stub has no answer for this route.\"}", Map.of())
                    : queue.size() > 1 ? queue.poll() : queue.peek();
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            final byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }
}
