package org.kycorchestrator.kafka;

import java.io.UncheckedIOException;

/**
 * Tells a record that cannot be read from a schema registry that cannot be reached: the first is
 * the record's fault and is skipped, the second is not and the work is done again later.
 */
public final class SchemaRegistryOutage {

    private SchemaRegistryOutage() {
    }

    /** {@link HttpSchemaRegistryClient} signals an unreachable registry with an UncheckedIOException. */
    public static boolean isCause(final Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
