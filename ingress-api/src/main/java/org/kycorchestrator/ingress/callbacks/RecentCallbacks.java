package org.kycorchestrator.ingress.callbacks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The callbacks this instance received lately, so that a vendor's retry of one it already
 * published is acknowledged without publishing it again. Bounded: the oldest are forgotten first.
 * A repeat that reaches another instance is published again; that is harmless, because a callback
 * only makes the worker re-read the vendor's status.
 */
final class RecentCallbacks {

    private final Map<String, Boolean> seen;

    RecentCallbacks(final int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time {@code key} is seen. */
    synchronized boolean firstTime(final String key) {
        return seen.put(key, Boolean.TRUE) == null;
    }

    /** Forgets a key whose publishing failed, so the vendor's retry is published. */
    synchronized void forget(final String key) {
        seen.remove(key);
    }
}
