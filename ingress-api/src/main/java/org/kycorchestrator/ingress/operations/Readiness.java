package org.kycorchestrator.ingress.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What must hold for a process to take traffic, as named checks; each says why it fails, so that
 * {@code /health/ready} can tell an operator what to look at. Immutable: {@link #and} makes a new one.
 */
public final class Readiness {

    /** One part of the process: the reasons it is not ready, none when it is. */
    @FunctionalInterface
    public interface Check {
        List<String> problems();

        /** A check that fails with {@code reason} whenever {@code ready} says false. */
        static Check when(final BooleanSupplier ready, final String reason) {
            Objects.requireNonNull(ready, "ready cannot be null");
            Objects.requireNonNull(reason, "reason cannot be null");
            return () -> ready.getAsBoolean() ? List.of() : List.of(reason);
        }
    }

    private final Map<String, Check> checks;

    private Readiness(final Map<String, Check> checks) {
        this.checks = checks;
    }

    public static Readiness of(final String name, final Check check) {
        return new Readiness(Map.of()).and(name, check);
    }

    public Readiness and(final String name, final Check check) {
        Objects.requireNonNull(name, "name cannot be null");
        Objects.requireNonNull(check, "check cannot be null");
        final Map<String, Check> more = new LinkedHashMap<>(checks);
        if (more.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("there is a check named " + name + " already");
        }
        return new Readiness(more);
    }

    /** The names of every check. */
    public List<String> names() {
        return List.copyOf(checks.keySet());
    }

    /** Every failing check's reasons, by name, in the order the checks were added; empty when ready. */
    public Map<String, List<String>> problems() {
        final Map<String, List<String>> problems = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            List<String> found;
            try {
                found = check.problems();
            } catch (RuntimeException e) {
                // A check that breaks says the part is not ready; the probe itself must never fail.
                found = List.of("its check failed: " + e.getClass().getSimpleName());
            }
            if (!found.isEmpty()) {
                problems.put(name, List.copyOf(found));
            }
        });
        return problems;
    }
}
