package org.kycorchestrator.bench;

import java.util.List;

/** Mean and spread of one figure over the measured repetitions. */
public record Spread(double mean, double stddev, double min, double max, int n) {

    public static Spread of(final List<Double> values) {
        final int n = values.size();
        final double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        // The sample standard deviation: three repetitions are a sample of what the machine does.
        final double variance = n < 2 ? 0 : values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (n - 1);
        return new Spread(mean, Math.sqrt(variance), values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), n);
    }

    /** The standard deviation as a share of the mean, in percent. */
    public double relativeStddevPercent() {
        return mean == 0 ? 0 : 100 * stddev / mean;
    }
}
