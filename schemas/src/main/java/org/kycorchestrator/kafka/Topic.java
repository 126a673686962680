package org.kycorchestrator.kafka;

import java.util.Objects;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A topic's name bundled with its serdes, so that no call site can pair a topic with the wrong
 * types. Keys are plain UTF-8 strings (customer ids, endpoint ids).
 */
public record Topic<V>(String name, Serde<String> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name cannot be null");
        Objects.requireNonNull(keySerde, "keySerde cannot be null");
        Objects.requireNonNull(valueSerde, "valueSerde cannot be null");
    }

    public static <V> Topic<V> of(final String name, final Serde<V> valueSerde) {
        return new Topic<>(name, Serdes.String(), valueSerde);
    }
}
