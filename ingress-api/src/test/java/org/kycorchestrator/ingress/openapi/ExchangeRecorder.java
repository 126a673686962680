package org.kycorchestrator.ingress.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

/**
 * Records every request a test server answers, with the answer it gave, and checks each against
 * the OpenAPI contract as it happens (or, through {@link #check}, the exchanges a test client saw). The exchanges are appended, one JSON object a line, to
 * {@code target/openapi-exchanges/<name>.jsonl} (bodies cut to 2 KB there), so a failure can be
 * read next to its neighbours; the answers that do not conform are kept, and
 * {@link #requireEveryAnswerConforms()} fails the test that made them.
 *
 * <p>Installed as a Javalin after-handler, it sees the route the server matched and the answer as
 * written, refusals included; what Jetty answers itself (a 414, a 431) never reaches it.
 */
public final class ExchangeRecorder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDED_BODY_CHARS = 2048;

    private final OpenApiContract contract;
    private final Path file;
    private final List<String> failures = new ArrayList<>();

    public ExchangeRecorder(final OpenApiContract contract, final String name) {
        this.contract = Objects.requireNonNull(contract, "contract cannot be null");
        this.file = Path.of("target", "openapi-exchanges", Objects.requireNonNull(name, "name cannot be null") + ".jsonl");
    }

    /** Records and checks every answer of the server the configuration is for. */
    public void install(final JavalinConfig javalin) {
        javalin.routes.after(this::record);
    }

    private void record(final Context ctx) {
        final Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        final Map<String, String> headers = new LinkedHashMap<>();
        ctx.res().getHeaderNames().forEach(name -> headers.put(name, ctx.res().getHeader(name)));
        if (ctx.res().getContentType() != null) {
            headers.put("Content-Type", ctx.res().getContentType());
        }
        final String body = ctx.result();
        final Exchange exchange = new Exchange(ctx.method().name(), matched == null ? null : matched.path, ctx.path(),
                ctx.statusCode(), headers, body);
        write(exchange);
        final List<String> violations = contract.violations(exchange);
        if (!violations.isEmpty()) {
            synchronized (failures) {
                failures.add(String.join("\n    ", violations) + "\n    body: " + cut(exchange.body(), 500));
            }
        }
    }

    /**
     * Records an exchange seen by a client and fails at once, in the test that made it, when the
     * answer does not conform.
     */
    public void check(final Exchange exchange) {
        write(exchange);
        contract.requireConforms(exchange);
    }

    /** Fails, naming each one, if any answer recorded so far did not conform to the contract. */
    public void requireEveryAnswerConforms() {
        synchronized (failures) {
            if (!failures.isEmpty()) {
                throw new AssertionError(failures.size() + " answers do not conform to docs/openapi.yaml (every exchange is in "
                        + file + "):\n  " + String.join("\n  ", failures.subList(0, Math.min(20, failures.size()))));
            }
        }
    }

    private void write(final Exchange exchange) {
        final Map<String, Object> line = new LinkedHashMap<>();
        line.put("method", exchange.method());
        line.put("route", exchange.route());
        line.put("path", exchange.path());
        line.put("status", exchange.status());
        line.put("headers", exchange.headers());
        line.put("body", cut(exchange.body(), RECORDED_BODY_CHARS));
        try {
            final byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (ExchangeRecorder.class) {
                Files.createDirectories(file.getParent());
                Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cut(final String text, final int max) {
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }
}
