package org.kycorchestrator.tenants;

import java.util.Objects;

/** A credential: its value is there to be used, never to be printed, so {@link #toString()} hides it. */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value cannot be null");
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
