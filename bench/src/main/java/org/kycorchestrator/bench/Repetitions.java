package org.kycorchestrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one {@link Run}: set up, warm up, measure {@code n} times, close; a failure ends the run, not the benchmark. */
public final class Repetitions {

    private static final Logger LOG = LoggerFactory.getLogger(Repetitions.class);

    private final BenchOptions options;

    public Repetitions(final BenchOptions options) {
        this.options = options;
    }

    public RunResult execute(final Run run) {
        final List<Measurement> measured = new ArrayList<>();
        try (run) {
            LOG.info("{}: setting up", run.name());
            run.setUp();
            for (int i = 1; i <= options.warmups(); i++) {
                final Measurement warmUp = run.measure(options.duration());
                LOG.info("{}: warm-up {} {}", run.name(), i, brief(warmUp));
            }
            for (int i = 1; i <= options.repetitions(); i++) {
                final Measurement repetition = run.measure(options.duration());
                LOG.info("{}: repetition {} {}", run.name(), i, brief(repetition));
                measured.add(repetition);
            }
            return new RunResult(run.name(), run.measures(), measured, Optional.empty());
        } catch (Exception e) {
            LOG.error("{} failed", run.name(), e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new RunResult(run.name(), run.measures(), measured, Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static String brief(final Measurement measurement) {
        final StringBuilder text = new StringBuilder();
        measurement.figures().forEach(f -> text.append(f.name()).append('=').append(String.format("%.1f", f.value())).append(' '));
        return text.toString().trim();
    }
}
