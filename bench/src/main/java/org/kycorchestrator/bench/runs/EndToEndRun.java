package org.kycorchestrator.bench.runs;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.kycorchestrator.bench.Measurement;
import org.kycorchestrator.bench.Run;
import org.kycorchestrator.bench.http.Receiver;
import org.kycorchestrator.bench.load.LoadGenerator;
import org.kycorchestrator.bench.load.LoadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full KYC flows per second through the all-in-one app, a child JVM with its embedded broker and the
 * sandbox vendors answering with no added latency; the merchant's backend (the load generator) and
 * its webhook receiver are in this process. The merchant's endpoint takes {@code kyc.approved} only,
 * at the API's highest limits, so a flow ends with exactly one webhook. Also the latency from the
 * verification command to that webhook, and the app's peak RSS ({@link MemoryProbe}) over the run.
 */
public final class EndToEndRun implements Run {

    private static final Logger LOG = LoggerFactory.getLogger(EndToEndRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "bench-e2e-key";

    private final Path workDir;
    private final int clients;
    private final List<String> appJvmArgs;
    private AppProcess app;
    private Receiver receiver;
    private LoadGenerator generator;
    private KycFlow flow;
    private int repetition;

    public EndToEndRun(final Path workDir, final int clients, final List<String> appJvmArgs) {
        this.workDir = workDir;
        this.clients = clients;
        this.appJvmArgs = appJvmArgs;
    }

    @Override
    public String name() {
        return "end-to-end";
    }

    @Override
    public String measures() {
        return "KYC flows/s (register, applicant, 4 documents, agreements, link, verification, APPROVED, webhook delivered) through the "
                + "all-in-one app as a child JVM" + (appJvmArgs.isEmpty() ? "" : " " + appJvmArgs) + ", sandbox vendors without latency, "
                + clients + " closed-loop merchant clients; verification-to-webhook latency; the app's peak RSS";
    }

    @Override
    public void setUp() throws Exception {
        app = AppProcess.start(workDir.resolve("end-to-end-app-" + System.currentTimeMillis()), API_KEY, appJvmArgs);
        app.awaitReady(Duration.ofMinutes(3));
        generator = new LoadGenerator();
        flow = new KycFlow(generator.http(), app.baseUrl(), API_KEY);
        receiver = new Receiver();
        receiver.onArrival(arrival -> {
            try {
                final JsonNode webhook = JSON.readTree(arrival.body());
                if ("kyc.approved".equals(webhook.path("type").asText())) {
                    flow.approved(webhook.path("data").path("customerId").asText(), arrival.nanoTime());
                }
            } catch (java.io.IOException e) {
                LOG.warn("a webhook that is not JSON arrived");
            }
        });
        final HttpResponse<String> endpoint = generator.http().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/v1/webhook-endpoints"))
                .header("x-api-key", API_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + receiver.url("webhooks")
                        + "\",\"eventTypes\":[\"kyc.approved\"],\"maxInFlight\":100,\"ratePerSecond\":1000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (endpoint.statusCode() != 201) {
            throw new IllegalStateException("the webhook endpoint was not registered: " + endpoint.statusCode());
        }
    }

    @Override
    public Measurement measure(final Duration duration) throws Exception {
        final Histogram toWebhook = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
        final String run = "bench-" + System.currentTimeMillis() + "-" + (++repetition);
        // A flow takes seconds: the first window's worth of them only brings the loop to its steady state.
        final long windowStart = System.nanoTime() + duration.toNanos();
        // the app's CPU time at the window's start and end, read on time, before the drain that follows the window
        final long[] appCpuInWindow = {-1, -1};
        final Thread cpuMark = new Thread(() -> {
            try {
                Thread.sleep(duration.toMillis());
                appCpuInWindow[0] = ProcessCpu.nanos(app.pid());
                Thread.sleep(duration.multipliedBy(2).toMillis());
                appCpuInWindow[1] = ProcessCpu.nanos(app.pid());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-app-cpu-mark");
        cpuMark.start();
        final LoadResult result = generator.run(clients, duration, duration.multipliedBy(2), (client, sequence) -> flow.run(run + "-" + client + "-" + sequence,
                nanos -> {
                    if (System.nanoTime() >= windowStart) {
                        toWebhook.recordValue(Math.min(nanos / 1000, toWebhook.getHighestTrackableValue()));
                    }
                }));
        if (!result.firstFailures().isEmpty()) {
            LOG.warn("end-to-end failures ({}): {}", result.failed(), result.firstFailures());
        }
        cpuMark.join();
        final Measurement figures = result.figures("throughput", "flows/s");
        if (appCpuInWindow[0] >= 0 && appCpuInWindow[1] >= 0) {
            final double appCpu = appCpuInWindow[1] - appCpuInWindow[0];
            figures.add("app CPU", "% of one core", 100.0 * appCpu / duration.multipliedBy(2).toNanos());
            figures.add("app CPU per flow", "ms", result.succeeded() == 0 ? Double.NaN : appCpu / 1e6 / result.succeeded());
        }
        figures.add("verification to webhook p50", "ms", toWebhook.getValueAtPercentile(50) / 1000.0);
        figures.add("verification to webhook p99", "ms", toWebhook.getValueAtPercentile(99) / 1000.0);
        final MemoryProbe memory = new MemoryProbe(app.pid());
        figures.add("app peak RSS", "MB", memory.peakRssMegabytes().orElse(-1));
        figures.add("app RSS", "MB", memory.rssMegabytes().orElse(-1));
        return figures;
    }

    @Override
    public void close() {
        if (generator != null) {
            generator.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (app != null) {
            app.close();
        }
    }
}
