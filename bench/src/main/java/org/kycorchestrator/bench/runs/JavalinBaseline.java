package org.kycorchestrator.bench.runs;

import java.net.URI;
import java.time.Duration;

import io.javalin.Javalin;
import org.kycorchestrator.bench.Measurement;
import org.kycorchestrator.bench.Run;
import org.kycorchestrator.bench.load.LoadGenerator;
import org.kycorchestrator.bench.load.LoadResult;

/**
 * Raw baseline for the API: Javalin (the same version and Jetty as the API) answering a POST of the
 * same registration body with a small JSON, reading the body and doing nothing else; loaded by the
 * same generator, with the same clients, as {@link IngressRun}.
 */
public final class JavalinBaseline implements Run {

    private final int clients;
    private Javalin server;
    private LoadGenerator generator;
    private int repetition;

    public JavalinBaseline(final int clients) {
        this.clients = clients;
    }

    @Override
    public String name() {
        return "javalin";
    }

    @Override
    public String measures() {
        return "requests/s of a Javalin hello-world POST (the registration body read, a small JSON answered), "
                + clients + " closed-loop clients over HTTP/1.1 keep-alive";
    }

    @Override
    public void setUp() {
        server = Javalin.create(config -> {
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.post("/hello", ctx -> {
                ctx.body();
                ctx.status(200).contentType("application/json").result("{\"success\":true,\"data\":{\"hello\":\"world\"}}");
            });
        }).start();
        generator = new LoadGenerator();
    }

    @Override
    public Measurement measure(final Duration duration) throws Exception {
        final URI uri = URI.create("http://localhost:" + server.port() + "/hello");
        final LoadResult result = generator.run(clients, duration,
                HttpLoad.postRegistration(generator, uri, 200, "javalin-" + (++repetition)));
        return result.figures("throughput", "requests/s");
    }

    @Override
    public void close() {
        if (generator != null) {
            generator.close();
        }
        if (server != null) {
            server.stop();
        }
    }
}
