package org.kycorchestrator.workers.capa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Capa for the contract tests: a JDK HTTP server that answers each route as scripted, records every
 * request, and checks every request and scripted answer against our OpenAPI description of Capa.
 */
final class CapaStub implements AutoCloseable {

    /** One request as it came over the wire; {@code query} is decoded, {@code null} when absent. */
    record Seen(String method, String path, String query, String apiKey, String contentType, String body) {
    }

    /** {@code described}: the answer is one our OpenAPI description of Capa allows, and is checked against it. */
    private record Answer(int status, String body, boolean described) {
    }

    private static final OpenApiInteractionValidator OPENAPI = OpenApiInteractionValidator
            .createForInlineApiSpecification(specification()).build();

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private CapaStub(final HttpServer server) {
        this.server = server;
    }

    static CapaStub start() {
        try {
            final CapaStub stub = new CapaStub(HttpServer.create(new InetSocketAddress("localhost", 0), 0));
            stub.server.createContext("/", stub::handle);
            stub.server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code method path} with these; the last answer repeats. The answer must fit the OpenAPI description. */
    CapaStub answer(final String method, final String path, final int status, final String body) {
        answers.computeIfAbsent(method + " " + path, key -> new ArrayDeque<>()).add(new Answer(status, body, true));
        return this;
    }

    /** An answer Capa does not describe (say a proxy's error page); only the request is checked. */
    CapaStub answerOffTheDescription(final String method, final String path, final int status, final String body) {
        answers.computeIfAbsent(method + " " + path, key -> new ArrayDeque<>()).add(new Answer(status, body, false));
        return this;
    }

    String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** What did not match the OpenAPI description, request or answer; empty when all did. */
    List<String> openApiViolations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
        }
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            final String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final String method = exchange.getRequestMethod();
            final String path = exchange.getRequestURI().getPath();
            final String rawQuery = exchange.getRequestURI().getRawQuery();
            seen.add(new Seen(method, path, rawQuery == null ? null : URLDecoder.decode(rawQuery, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("partner-api-key"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            final Answer answer = next(method + " " + path);
            validate(exchange, method, path, rawQuery, body, answer);
            final byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } finally {
            exchange.close();
        }
    }

    private Answer next(final String route) {
        final Deque<Answer> queue = answers.get(route);
        if (queue == null || queue.isEmpty()) {
            violations.add("no answer scripted for " + route);
            return new Answer(501, "{\"code\":\"NOT_SCRIPTED\",\"message\":\"" + route + "\"}", false);
        }
        synchronized (queue) {
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    private void validate(final HttpExchange exchange, final String method, final String path, final String rawQuery,
                          final String body, final Answer answer) {
        final SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
        exchange.getRequestHeaders().forEach(request::withHeader);
        if (!body.isEmpty()) {
            request.withBody(body);
        }
        if (rawQuery != null) {
            for (final String pair : rawQuery.split("&")) {
                final int equals = pair.indexOf('=');
                final String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                final String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                request.withQueryParam(name, value);
            }
        }
        final SimpleResponse.Builder response = new SimpleResponse.Builder(answer.status()).withContentType("application/json");
        if (!answer.body().isEmpty()) {
            response.withBody(answer.body());
        }
        final ValidationReport report = answer.described() ? OPENAPI.validate(request.build(), response.build())
                : OPENAPI.validateRequest(request.build());
        if (report.hasErrors()) {
            violations.add(method + " " + path + ": " + SimpleValidationReportFormat.getInstance().apply(report));
        }
    }

    private static String specification() {
        try (InputStream in = CapaStub.class.getResourceAsStream("/openapi/capa.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
