package org.kycorchestrator.bench.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's memory as the kernel counts it, from {@code /proc/<pid>/status}: {@code VmHWM} is the
 * peak resident set since the process started, {@code VmRSS} the current one. Read from another
 * process, so the load generator's own memory is never in the figure.
 */
public final class MemoryProbe {

    private final long pid;

    public MemoryProbe(final long pid) {
        this.pid = pid;
    }

    /** The peak resident set size so far, in MB; empty where there is no {@code /proc}. */
    public OptionalLong peakRssMegabytes() {
        return field("VmHWM:");
    }

    public OptionalLong rssMegabytes() {
        return field("VmRSS:");
    }

    private OptionalLong field(final String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    // e.g. "VmHWM:	  812345 kB"
                    final long kilobytes = Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
                    return OptionalLong.of(kilobytes / 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
