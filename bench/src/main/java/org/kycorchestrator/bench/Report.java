package org.kycorchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The results of one benchmark run, as JSON (for machines) and a Markdown table (for docs/benchmarks.md). */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> machine;
    private final BenchOptions options;
    private final Instant started;
    private final Instant finished;
    private final String loadAverageAtEnd;
    private final Map<String, RunResult> results;

    public Report(final Map<String, Object> machine, final BenchOptions options, final Instant started, final Instant finished,
                  final String loadAverageAtEnd, final Map<String, RunResult> results) {
        this.machine = machine;
        this.options = options;
        this.started = started;
        this.finished = finished;
        this.loadAverageAtEnd = loadAverageAtEnd;
        this.results = results;
    }

    /** Writes {@code bench-results.json} and {@code bench-results.md} to the directory; returns the Markdown. */
    public String write(final Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("bench-results.json").toFile(), json());
        final String markdown = markdown();
        Files.writeString(dir.resolve("bench-results.md"), markdown);
        return markdown;
    }

    Map<String, Object> json() {
        final Map<String, Object> json = new LinkedHashMap<>();
        final Map<String, Object> machineAtEnd = new LinkedHashMap<>(machine);
        machineAtEnd.put("loadAverageAtEnd", loadAverageAtEnd);
        json.put("machine", machineAtEnd);
        json.put("started", started.toString());
        json.put("finished", finished.toString());
        json.put("options", Map.of("runs", options.runs(), "warmups", options.warmups(), "repetitions", options.repetitions(),
                "duration", options.duration().toString(), "clients", options.clients(), "flowClients", options.flowClients(),
                "records", options.records(), "deliveries", options.deliveries(), "hangRate", options.hangRate(),
                "appJvmArgs", options.appJvmArgs()));
        final List<Object> runs = new ArrayList<>();
        for (RunResult result : results.values()) {
            final Map<String, Object> run = new LinkedHashMap<>();
            run.put("name", result.name());
            run.put("measures", result.measures());
            result.error().ifPresent(e -> run.put("error", e));
            final List<Map<String, Double>> repetitions = new ArrayList<>();
            result.repetitions().forEach(m -> {
                final Map<String, Double> figures = new LinkedHashMap<>();
                m.figures().forEach(f -> figures.put(f.name(), f.value()));
                repetitions.add(figures);
            });
            run.put("repetitions", repetitions);
            final Map<String, Object> summary = new LinkedHashMap<>();
            final Map<String, String> units = result.units();
            result.summary().forEach((name, spread) -> summary.put(name, Map.of("unit", units.get(name), "mean", spread.mean(),
                    "stddev", spread.stddev(), "min", spread.min(), "max", spread.max(), "n", spread.n())));
            run.put("summary", summary);
            runs.add(run);
        }
        json.put("runs", runs);
        final List<Object> targets = new ArrayList<>();
        Targets.check(results).forEach(c -> {
            final Map<String, Object> target = new LinkedHashMap<>();
            target.put("measure", c.measure());
            target.put("target", c.target());
            target.put("value", c.value().orElse(null));
            target.put("unit", c.unit());
            target.put("met", c.met().orElse(null));
            targets.add(target);
        });
        json.put("targets", targets);
        return json;
    }

    String markdown() {
        final StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine.get("cores")).append(" cores (").append(machine.get("cpu")).append("), ")
                .append(machine.get("memoryGb")).append(" GB memory, ").append(machine.get("java")).append(", ")
                .append(machine.get("os")).append("; load average ").append(machine.get("loadAverageAtStart")).append(" at start, ")
                .append(loadAverageAtEnd).append(" at end (").append(started).append(" to ").append(finished).append(").\n");
        md.append("Each run: ").append(options.warmups()).append(" warm-up and ").append(options.repetitions())
                .append(" measured repetitions; mean ± sample standard deviation, with the range.\n\n");
        md.append("| run | figure | mean | ± stddev | min – max | unit |\n|---|---|---:|---:|---:|---|\n");
        for (RunResult result : results.values()) {
            final Map<String, String> units = result.units();
            result.summary().forEach((name, s) -> md.append("| ").append(result.name()).append(" | ").append(name).append(" | ")
                    .append(number(s.mean())).append(" | ").append(number(s.stddev())).append(" | ").append(number(s.min()))
                    .append(" – ").append(number(s.max())).append(" | ").append(units.get(name)).append(" |\n"));
            result.error().ifPresent(e -> md.append("| ").append(result.name()).append(" | FAILED | ").append(e.replace('|', '/'))
                    .append(" | | | |\n"));
        }
        md.append("\n| target | wanted | measured | met |\n|---|---|---:|---|\n");
        for (Targets.Check check : Targets.check(results)) {
            md.append("| ").append(check.measure()).append(" | ").append(check.target()).append(" | ")
                    .append(check.value().map(v -> number(v) + " " + check.unit()).orElse("not measured")).append(" | ")
                    .append(check.met().map(m -> m ? "yes" : "**no**").orElse("-")).append(" |\n");
        }
        Targets.check(results).stream().filter(c -> c.measure().equals("end to end")).findFirst()
                .flatMap(Targets.Check::value).ifPresent(v -> md.append("\nEnd to end: **").append(String.format("%.0f", v))
                        .append(" flows/s**.\n"));
        return md.toString();
    }

    private static String number(final double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return Math.abs(value) >= 100 ? String.format("%,.0f", value) : String.format("%.1f", value);
    }
}
