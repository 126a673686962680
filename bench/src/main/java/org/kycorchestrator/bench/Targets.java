package org.kycorchestrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;

/** The targets for a 2-core machine with everything embedded, checked against the means of a run. */
public final class Targets {

    /** One target and what this run measured for it; the value is absent when its runs were not run or failed. */
    public record Check(String measure, String target, Optional<Double> value, String unit, Optional<Boolean> met) {
    }

    private Targets() {
    }

    public static List<Check> check(final Map<String, RunResult> results) {
        final List<Check> checks = new ArrayList<>();
        checks.add(check("ingress / Javalin", "at least 50 %", ratio(results, "ingress", "javalin"), "%", v -> v >= 50));
        checks.add(check("orchestrator / Streams", "at least 50 %", ratio(results, "orchestrator", "streams"), "%", v -> v >= 50));
        checks.add(check("end to end", "at least 500 flows/s", mean(results, "end-to-end", "throughput"), "flows/s", v -> v >= 500));
        checks.add(check("p99 from verification command to webhook", "at most 500 ms",
                mean(results, "end-to-end", "verification to webhook p99"), "ms", v -> v <= 500));
        checks.add(check("emitter", "at least 2,000 deliveries/s", mean(results, "emitter", "throughput"), "deliveries/s", v -> v >= 2000));
        checks.add(check("healthy endpoint p99 while another hangs", "(no target; reported)",
                mean(results, "emitter", "healthy p99 while one hangs"), "ms", v -> true));
        checks.add(check("peak RSS of the all-in-one app", "at most 1.5 GB (1,536 MB)",
                max(results, "end-to-end", "app peak RSS"), "MB", v -> v <= 1536));
        return checks;
    }

    private static Check check(final String measure, final String target, final Optional<Double> value, final String unit,
                               final DoublePredicate met) {
        return new Check(measure, target, value, unit, value.map(met::test));
    }

    static Optional<Double> ratio(final Map<String, RunResult> results, final String run, final String baseline) {
        return mean(results, run, "throughput").flatMap(r -> mean(results, baseline, "throughput").map(b -> 100 * r / b));
    }

    private static Optional<Double> mean(final Map<String, RunResult> results, final String run, final String figure) {
        return Optional.ofNullable(results.get(run)).flatMap(r -> r.spread(figure)).map(Spread::mean).filter(v -> !v.isNaN());
    }

    private static Optional<Double> max(final Map<String, RunResult> results, final String run, final String figure) {
        return Optional.ofNullable(results.get(run)).flatMap(r -> r.spread(figure)).map(Spread::max).filter(v -> !v.isNaN());
    }
}
