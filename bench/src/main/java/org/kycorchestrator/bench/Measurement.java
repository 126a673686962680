package org.kycorchestrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The figures of one repetition, in the order the run reports them. */
public final class Measurement {

    private final List<Figure> figures = new ArrayList<>();

    public Measurement add(final String name, final String unit, final double value) {
        figures.add(new Figure(name, unit, value));
        return this;
    }

    public Measurement addAll(final Measurement other) {
        figures.addAll(other.figures);
        return this;
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public Optional<Figure> figure(final String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
