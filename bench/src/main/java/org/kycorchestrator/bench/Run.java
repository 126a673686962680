package org.kycorchestrator.bench;

import java.time.Duration;

/**
 * One measurement of the benchmark. {@link Repetitions} calls {@link #setUp()} once, then
 * {@link #measure(Duration)} for the warm-up repetitions (discarded) and the measured ones, then
 * {@link #close()}. Each call of {@code measure} is one complete repetition and returns its figures.
 */
public interface Run extends AutoCloseable {

    /** Short and stable: the name used in {@code --runs} and in the report. */
    String name();

    /** One sentence for the report: what is measured and how. */
    String measures();

    /** Starts whatever every repetition shares (a broker, a server, an app). */
    void setUp() throws Exception;

    /** One repetition, lasting about {@code duration} where the run is time-bound. */
    Measurement measure(Duration duration) throws Exception;

    @Override
    void close();
}
