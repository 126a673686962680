package org.kycorchestrator.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.kycorchestrator.bench.runs.EmitterRun;
import org.kycorchestrator.bench.runs.EndToEndRun;
import org.kycorchestrator.bench.runs.IngressRun;
import org.kycorchestrator.bench.runs.JavalinBaseline;
import org.kycorchestrator.bench.runs.OrchestratorRun;
import org.kycorchestrator.bench.runs.ProducerBaseline;
import org.kycorchestrator.bench.runs.StreamsBaseline;
import org.kycorchestrator.config.CommonPool;

/**
 * {@code java -jar bench/target/kyc-bench.jar}: every run side by side, in one process (the all-in-one
 * app of the end-to-end run in a child JVM), then the report. See docs/benchmarks.md.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(final String[] args) throws Exception {
        // Before anything logs: the app's production logging would drown the report.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        // The load generator's HttpClient completes every answer on the common pool (see CommonPool).
        CommonPool.atLeastTwoThreads();
        final Path jarDir = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        final BenchOptions options;
        try {
            options = BenchOptions.parse(args, jarDir);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().equals("usage") ? BenchOptions.USAGE : e.getMessage() + "\n\n" + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        final Map<String, Object> machine = Machine.describe();
        System.out.println("Benchmark on " + machine);
        final Instant started = Instant.now();
        final Path work = options.out().resolve("bench-work");
        final Repetitions repetitions = new Repetitions(options);
        final Map<String, RunResult> results = new LinkedHashMap<>();
        for (String name : options.runs()) {
            results.put(name, repetitions.execute(run(name, options, work)));
        }
        final Report report = new Report(machine, options, started, Instant.now(), Machine.loadAverage(), results);
        System.out.println();
        System.out.println(report.write(options.out()));
        System.out.println("Written to " + options.out().resolve("bench-results.json") + " and bench-results.md");
        System.exit(0);
    }

    private static Run run(final String name, final BenchOptions options, final Path work) {
        return switch (name) {
            case "producer" -> new ProducerBaseline(work);
            case "streams" -> new StreamsBaseline(work, options.records());
            case "javalin" -> new JavalinBaseline(options.clients());
            case "ingress" -> new IngressRun(work, options.clients());
            case "orchestrator" -> new OrchestratorRun(work, options.records());
            case "emitter" -> new EmitterRun(work, options.deliveries(), options.hangRate());
            case "end-to-end" -> new EndToEndRun(work, options.flowClients(), options.appJvmArgs());
            default -> throw new IllegalArgumentException("no run " + name);
        };
    }
}
