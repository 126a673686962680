package org.kycorchestrator.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one run produced: each measured repetition's figures, or why it could not finish. */
public record RunResult(String name, String measures, List<Measurement> repetitions, Optional<String> error) {

    /** Every figure's spread over the repetitions, in the order the run reports them. */
    public Map<String, Spread> summary() {
        final Map<String, List<Double>> values = new LinkedHashMap<>();
        for (Measurement repetition : repetitions) {
            repetition.figures().forEach(f -> values.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f.value()));
        }
        final Map<String, Spread> summary = new LinkedHashMap<>();
        values.forEach((name, list) -> summary.put(name, Spread.of(list)));
        return summary;
    }

    public Map<String, String> units() {
        final Map<String, String> units = new LinkedHashMap<>();
        repetitions.forEach(r -> r.figures().forEach(f -> units.putIfAbsent(f.name(), f.unit())));
        return units;
    }

    public Optional<Spread> spread(final String figure) {
        return Optional.ofNullable(summary().get(figure));
    }
}
