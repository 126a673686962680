package org.kycorchestrator.emitter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a free port that records every request it receives and answers each path
 * with scripted status codes (200 unless told otherwise). Shared by the tests of every package.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, Answer> firstAnswers = new ConcurrentHashMap<>();

    private WebhookReceiver(final HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        return start(0);
    }

    /** Listens on {@code port} (0: any free one); a receiver that comes back takes its old port again. */
    public static WebhookReceiver start(final int port) {
        try {
            final WebhookReceiver receiver = new WebhookReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0));
            receiver.server.createContext("/", receiver::handle);
            receiver.server.setExecutor(receiver.executor);
            receiver.server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(final String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers {@code path} with these statuses in turn; the last one is kept for later requests. */
    public void answer(final String path, final Integer... statuses) {
        answer(path, Arrays.stream(statuses).map(status -> new Answer(status, Map.of())).toArray(Answer[]::new));
    }

    /** Answers {@code path} with these answers in turn; the last one is kept for later requests. */
    public void answer(final String path, final Answer... scripted) {
        answers.put(path, new ArrayDeque<>(Arrays.asList(scripted)));
    }

    /** Answers the first request to {@code path} carrying this webhook-id with {@code status}; the rest as usual. */
    public void answerFirst(final String path, final String webhookId, final int status) {
        firstAnswers.put(path + " " + webhookId, new Answer(status, Map.of()));
    }

    /** Keeps every request to {@code path} waiting for its answer until {@link #release} (at most 30 s). */
    public void hold(final String path) {
        holds.put(path, new CountDownLatch(1));
    }

    /** Answers the requests held on {@code path}, and later ones at once. */
    public void release(final String path) {
        final CountDownLatch held = holds.remove(path);
        if (held != null) {
            held.countDown();
        }
    }

    public List<Request> requestsTo(final String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            final String path = exchange.getRequestURI().getPath();
            final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            final Answer first = firstAnswers.remove(path + " " + exchange.getRequestHeaders().getFirst("webhook-id"));
            final Answer answer = first != null ? first : nextAnswer(path);
            final int status = answer.status();
            requests.add(new Request(exchange.getRequestMethod(), path, headers,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), status, Instant.now()));
            if (status / 100 == 3) {
                exchange.getResponseHeaders().add("Location", url("/redirected"));
            }
            awaitRelease(path);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(status, answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                exchange.getResponseBody().write(answer.body());
            }
        } finally {
            exchange.close();
        }
    }

    private void awaitRelease(final String path) {
        final CountDownLatch held = holds.get(path);
        if (held == null) {
            return;
        }
        try {
            held.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer nextAnswer(final String path) {
        final Deque<Answer> scripted = answers.get(path);
        if (scripted == null) {
            return new Answer(200, Map.of());
        }
        synchronized (scripted) {
            return scripted.size() > 1 ? scripted.removeFirst() : scripted.getFirst();
        }
    }

    /** A scripted answer: a status, response headers and a body (none if empty). */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public Answer(final int status, final Map<String, String> headers) {
            this(status, headers, new byte[0]);
        }

        public static Answer of(final int status, final String header, final String value) {
            return new Answer(status, Map.of(header, value));
        }

        public static Answer withBody(final int status, final byte[] body) {
            return new Answer(status, Map.of("Content-Type", "text/plain; charset=utf-8"), body);
        }
    }

    /** One request as received, the status it was answered with, and when it arrived. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body, int answeredWith,
                          Instant receivedAt) {

        public String header(final String name) {
            final List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String webhookId() {
            return header("webhook-id");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
