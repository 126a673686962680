package org.kycorchestrator.bench.runs;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.javalin.Javalin;
import org.kycorchestrator.bench.Measurement;
import org.kycorchestrator.bench.Run;
import org.kycorchestrator.bench.kafka.BenchBroker;
import org.kycorchestrator.bench.load.LoadGenerator;
import org.kycorchestrator.bench.load.LoadResult;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.ingress.IngressApi;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.operations.Operations;
import org.kycorchestrator.ingress.operations.PrometheusMetrics;
import org.kycorchestrator.ingress.operations.Readiness;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.workers.callbacks.CallbackVerifiers;

/**
 * Accepted commands per second: the ingress API as the app deploys it (request ids, metrics, access
 * log, health checks, validation, the idempotent {@code acks=all} producer) on the embedded broker,
 * taking registrations without {@code Prefer: wait}, so each is answered 202 once Kafka has
 * acknowledged its command. Nothing else runs, so the figure is the API's and the broker's alone.
 */
public final class IngressRun implements Run {

    private final Path workDir;
    private final int clients;
    private BenchBroker broker;
    private PrometheusMetrics metrics;
    private IngressApi api;
    private Javalin http;
    private LoadGenerator generator;
    private int repetition;

    public IngressRun(final Path workDir, final int clients) {
        this.workDir = workDir;
        this.clients = clients;
    }

    @Override
    public String name() {
        return "ingress";
    }

    @Override
    public String measures() {
        return "accepted commands/s (POST /v1/customers answered 202 after Kafka's acknowledgement) of the ingress API as deployed, "
                + clients + " closed-loop clients, embedded broker";
    }

    @Override
    public void setUp() throws Exception {
        broker = BenchBroker.start(workDir);
        final Config config = Config.of(Map.of("KYC_DATA_DIR", broker.dir().toString()));
        metrics = new PrometheusMetrics();
        api = new IngressApi(config, broker.clients(), new KycTopics(new InMemorySchemaRegistryClient()), Tenants.demo(HttpLoad.API_KEY),
                CallbackVerifiers.fromConfig(config, HttpClient.newHttpClient()), customerId -> new CaseReader.NotFound(),
                metrics.registry());
        final IngressApi started = api;
        http = Javalin.create(javalin -> {
            javalin.jetty.port = 0;
            javalin.startup.showJavalinBanner = false;
            new Operations(metrics, Readiness.of("ingress-api", Readiness.Check.when(started::isReady, "not caught up yet")),
                    Duration.ofSeconds(5)).configure(javalin);
            started.configure(javalin);
        }).start();
        api.start();
        BenchBroker.nanosUntil(api::isReady, Duration.ofMinutes(1), "ready");
        generator = new LoadGenerator();
    }

    @Override
    public Measurement measure(final Duration duration) throws Exception {
        final URI uri = URI.create("http://localhost:" + http.port() + "/v1/customers");
        final LoadResult result = generator.run(clients, duration,
                HttpLoad.postRegistration(generator, uri, 202, "ingress-" + (++repetition)));
        if (!result.firstFailures().isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(IngressRun.class).warn("failures: {}", result.firstFailures());
        }
        return result.figures("throughput", "commands/s");
    }

    @Override
    public void close() {
        for (AutoCloseable part : List.<AutoCloseable>of(() -> { if (generator != null) generator.close(); },
                () -> { if (http != null) http.stop(); }, () -> { if (api != null) api.close(); },
                () -> { if (metrics != null) metrics.close(); }, () -> { if (broker != null) broker.close(); })) {
            try {
                part.close();
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }
}
