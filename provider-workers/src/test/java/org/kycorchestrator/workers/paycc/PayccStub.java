package org.kycorchestrator.workers.paycc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HTTP server standing in for Paycc under {@code /api}: it records every request and answers
 * each with the one canned response. {@link #assertEveryRequestMatchesTheOpenApi()} checks what was
 * sent against our OpenAPI description of Paycc.
 */
final class PayccStub implements AutoCloseable {

    /** One request as it arrived. {@code body} is empty when none was sent. */
    record Seen(String method, String path, String authorization, String contentType, String accept, String body) {
    }

    private static final OpenApiInteractionValidator OPENAPI = OpenApiInteractionValidator
            .createForSpecificationUrl(PayccStub.class.getResource("/openapi/paycc.yaml").toString())
            .build();

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private PayccStub(final int status, final String body) {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Accept"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", body.startsWith("<") ? "text/html" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    static PayccStub answering(final int status, final String body) {
        return new PayccStub(status, body);
    }

    /** Where Paycc's API lives on the stub, like {@code https://console.ipayments.in/api}. */
    String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort() + "/api";
    }

    List<Seen> seen() {
        return seen;
    }

    /** The request as our OpenAPI description sees it. */
    static ValidationReport validate(final Seen request) {
        final SimpleRequest.Builder builder = new SimpleRequest.Builder(request.method(), request.path());
        if (request.authorization() != null) {
            builder.withAuthorization(request.authorization());
        }
        if (request.contentType() != null) {
            builder.withContentType(request.contentType());
        }
        if (request.accept() != null) {
            builder.withAccept(request.accept());
        }
        if (!request.body().isEmpty()) {
            builder.withBody(request.body());
        }
        return OPENAPI.validateRequest(builder.build());
    }

    void assertEveryRequestMatchesTheOpenApi() {
        for (final Seen request : seen) {
            assertThat(validate(request).getMessages()).as("%s %s", request.method(), request.path()).isEmpty();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
