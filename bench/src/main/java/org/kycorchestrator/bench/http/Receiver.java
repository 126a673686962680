package org.kycorchestrator.bench.http;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.javalin.Javalin;

/**
 * A merchant's webhook receiver in the benchmark's process: answers 204 at once on every path but
 * the hanging ones, where requests are held without a thread until the receiver closes. Each
 * accepted request is handed to a listener with the time it arrived.
 */
public final class Receiver implements AutoCloseable {

    /** One accepted request. */
    public record Arrival(String path, String webhookId, byte[] body, long nanoTime) {
    }

    private final Javalin server;
    private final Set<String> hanging = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<Void>> held = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Arrival> listener = arrival -> { };

    public Receiver() {
        this.server = Javalin.create(config -> {
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.post("/{path}", ctx -> {
                final long now = System.nanoTime();
                final String path = ctx.pathParam("path");
                if (hanging.contains(path)) {
                    final CompletableFuture<Void> never = new CompletableFuture<>();
                    held.add(never);
                    ctx.future(() -> never);
                    return;
                }
                listener.accept(new Arrival(path, ctx.header("webhook-id"), ctx.bodyAsBytes(), now));
                ctx.status(204);
            });
        }).start();
    }

    public String url(final String path) {
        return "http://localhost:" + server.port() + "/" + path;
    }

    public void hang(final String path) {
        hanging.add(path);
    }

    public void onArrival(final Consumer<Arrival> listener) {
        this.listener = listener;
    }

    @Override
    public void close() {
        held.forEach(f -> f.complete(null));
        server.stop();
    }
}
