package org.kycorchestrator.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was between two readings of {@code /proc/stat}, as a share of all its
 * cores: near 100 % says the run was bounded by CPU, whatever process used it. Reads 0 where there
 * is no {@code /proc}.
 */
public final class SystemCpu {

    private final long busy;
    private final long total;

    private SystemCpu(final long busy, final long total) {
        this.busy = busy;
        this.total = total;
    }

    public static SystemCpu now() {
        try {
            final String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            // idle and iowait are the only ticks the CPU was not working
            final long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new SystemCpu(total - idle, total);
        } catch (IOException | RuntimeException e) {
            return new SystemCpu(0, 0);
        }
    }

    /** The share of every core's time that was busy since {@code before}, in percent. */
    public double busyPercentSince(final SystemCpu before) {
        final long ticks = total - before.total;
        return ticks <= 0 ? 0 : 100.0 * (busy - before.busy) / ticks;
    }
}
