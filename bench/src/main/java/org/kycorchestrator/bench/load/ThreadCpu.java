package org.kycorchestrator.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the threads whose names start with one of some prefixes, so the load generator's own
 * use of the two shared cores can be reported beside what it measures. Threads that ended between
 * two snapshots are missed, which is why the generator keeps its threads for its whole life.
 */
public final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<String> prefixes;

    public ThreadCpu(final List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    /** CPU nanoseconds so far, per thread id. */
    public Map<Long, Long> snapshot() {
        final Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && prefixes.stream().anyMatch(p -> info.getThreadName().startsWith(p))) {
                final long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }

    /** CPU nanoseconds spent by the matching threads since {@code before}. */
    public long since(final Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> now : snapshot().entrySet()) {
            total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    /** This whole process's CPU nanoseconds so far (every thread, the JIT and the GC included). */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
