package org.kycorchestrator.bench.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time another process has used so far, from {@code /proc/<pid>/stat} (user plus system
 * time, in clock ticks of 10 ms): how much of the two cores the all-in-one app itself took, apart
 * from the load generator and from whatever else runs on the machine. Reads -1 without {@code /proc}.
 */
final class ProcessCpu {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {
    }

    static long nanos(final long pid) {
        try {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in parentheses may hold spaces; the fields after it are plain
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the name: state(0) ... utime(11) stime(12)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
