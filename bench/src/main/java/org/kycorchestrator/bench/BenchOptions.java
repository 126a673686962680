package org.kycorchestrator.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kycorchestrator.config.Config;

/**
 * The command line, {@code --name=value} each; every option and its default is in docs/benchmarks.md.
 *
 * @param runs         which runs, in this order
 * @param warmups      repetitions run first and discarded
 * @param repetitions  measured repetitions (at least 3 for a spread that means something)
 * @param duration     how long a time-bound repetition loads the system
 * @param clients      concurrent closed-loop clients of the HTTP runs (Javalin, ingress)
 * @param flowClients  concurrent closed-loop clients of the end-to-end run, each one flow at a time
 * @param records      records preloaded for the Streams baseline and commands for the orchestrator run
 * @param deliveries   status events preloaded for the emitter's throughput
 * @param hangRate     events per second published while one endpoint hangs
 * @param appJvmArgs   JVM options of the all-in-one app's child JVM (e.g. a flight recording)
 * @param out          where the JSON and Markdown reports go
 */
public record BenchOptions(List<String> runs, int warmups, int repetitions, Duration duration, int clients, int flowClients,
                           int records, int deliveries, int hangRate, List<String> appJvmArgs, Path out) {

    public static final List<String> ALL_RUNS = List.of("producer", "streams", "javalin", "ingress", "orchestrator", "emitter", "end-to-end");

    public static BenchOptions parse(final String[] args, final Path defaultOut) {
        final Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException("usage");
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, not " + arg);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        final Config config = Config.of(given);
        final List<String> runs = Arrays.stream(config.get("runs", String.join(",", ALL_RUNS)).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        runs.stream().filter(r -> !ALL_RUNS.contains(r)).findFirst().ifPresent(r -> {
            throw new IllegalArgumentException("no run " + r + "; runs are " + ALL_RUNS);
        });
        final BenchOptions options = new BenchOptions(runs, config.getInt("warmups", 2), config.getInt("repetitions", 3),
                config.getDuration("duration", Duration.ofSeconds(10)), config.getInt("clients", 64), config.getInt("flow-clients", 128),
                config.getInt("records", 100_000), config.getInt("deliveries", 10_000), config.getInt("hang-rate", 100),
                Arrays.stream(config.get("app-jvm-args", "").split(" ")).filter(s -> !s.isBlank()).toList(),
                Path.of(config.get("out", defaultOut.toString())));
        given.keySet().stream().filter(k -> !KNOWN.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("unknown option --" + k);
        });
        if (options.repetitions() < 1 || options.clients() < 1 || options.flowClients() < 1) {
            throw new IllegalArgumentException("repetitions, clients and flow-clients must be at least 1");
        }
        return options;
    }

    private static final List<String> KNOWN = List.of("runs", "warmups", "repetitions", "duration", "clients", "flow-clients",
            "records", "deliveries", "hang-rate", "app-jvm-args", "out");

    public static final String USAGE = """
            java -jar bench/target/kyc-bench.jar [--name=value ...]
              --runs=%s   which runs, in order
              --warmups=2 --repetitions=3   discarded and measured repetitions of every run
              --duration=10s                length of a time-bound repetition (HTTP runs, end to end, hanging endpoint)
              --clients=64                  closed-loop clients of the Javalin and ingress runs
              --flow-clients=128            closed-loop clients of the end-to-end run, one flow at a time each
              --records=100000              records (Streams) and commands (orchestrator) preloaded per repetition
              --deliveries=10000            status events preloaded per emitter repetition
              --hang-rate=100               events/s published while one endpoint hangs
              --app-jvm-args='-Xmx1g ...'   options of the all-in-one app's JVM
              --out=bench/target            where bench-results.json and bench-results.md go
            """.formatted(String.join(",", ALL_RUNS));
}
