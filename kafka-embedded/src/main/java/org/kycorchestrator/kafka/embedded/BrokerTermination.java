package org.kycorchestrator.kafka.embedded;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens when Kafka's server code asks to end the process, which it does through
 * {@link Exit} on a fatal fault (its raft and controller threads halt rather than exit).
 *
 * <p>A broker running inside the application cannot be restarted apart from it, so a fatal fault
 * while a broker runs still ends the process, as it would end a standalone broker, but only after
 * saying why on the log and on standard error: a halt skips shutdown hooks, so nothing else would.
 * A fault raised while a broker of this JVM is being stopped on purpose is logged and ignored:
 * that broker is going away anyway, and ending the process for it would take down everything else
 * running in the JVM, such as the next test's broker.
 */
final class BrokerTermination {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerTermination.class);
    private static final AtomicInteger STOPPING = new AtomicInteger();

    static {
        Exit.setExitProcedure((status, message) -> terminate("exit", status, message));
        Exit.setHaltProcedure((status, message) -> terminate("halt", status, message));
    }

    private BrokerTermination() {
    }

    /** Installs the procedures; later calls do nothing. */
    static void install() {
        // The static initialiser did the work.
    }

    /** Runs a broker's shutdown with terminations asked for meanwhile ignored. */
    static void whileStopping(final Runnable shutdown) {
        STOPPING.incrementAndGet();
        try {
            shutdown.run();
        } finally {
            STOPPING.decrementAndGet();
        }
    }

    private static void terminate(final String kind, final int status, final String message) {
        final Throwable where = new IllegalStateException("Kafka asked to " + kind + " with status " + status + ": " + message);
        if (STOPPING.get() > 0) {
            LOG.warn("Ignoring a request to {} the process while the embedded broker stops", kind, where);
            return;
        }
        LOG.error("The embedded Kafka broker hit a fatal fault; the process ends with status {}", status, where);
        System.err.println("Embedded Kafka broker: fatal fault, the process ends with status " + status + ": " + message);
        where.printStackTrace();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
