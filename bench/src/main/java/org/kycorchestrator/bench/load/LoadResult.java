package org.kycorchestrator.bench.load;

import java.time.Duration;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.kycorchestrator.bench.Measurement;

/**
 * What one closed-loop load produced within its window.
 *
 * @param succeeded      operations that succeeded and ended within the window
 * @param failed         operations that failed (an unexpected answer, an error, a timeout)
 * @param window         the window's length
 * @param latencies      every succeeded operation's latency, in microseconds
 * @param generatorCpu   CPU nanoseconds the generator's own threads used meanwhile
 * @param processCpu     CPU nanoseconds this whole process used meanwhile
 * @param machineBusy    how busy every core of the machine was, in percent
 * @param firstFailures  the first few failures, for the report
 */
public record LoadResult(long succeeded, long failed, Duration window, Histogram latencies, long generatorCpu, long processCpu,
                         double machineBusy, List<String> firstFailures) {

    public double perSecond() {
        return succeeded / (window.toNanos() / 1e9);
    }

    public double millisAt(final double percentile) {
        return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The generator's CPU as a share of one core over the window. */
    public double generatorCpuPercentOfOneCore() {
        return 100.0 * generatorCpu / window.toNanos();
    }

    /** The usual figures: rate, latency percentiles, failures and the generator's cost. */
    public Measurement figures(final String rateName, final String rateUnit) {
        return new Measurement()
                .add(rateName, rateUnit, perSecond())
                .add("p50", "ms", millisAt(50))
                .add("p99", "ms", millisAt(99))
                .add("p99.9", "ms", millisAt(99.9))
                .add("failed", "operations", failed)
                .add("generator CPU", "% of one core", generatorCpuPercentOfOneCore())
                .add("bench process CPU", "% of one core", 100.0 * processCpu / window.toNanos())
                .add("machine busy", "% of all cores", machineBusy);
    }
}
