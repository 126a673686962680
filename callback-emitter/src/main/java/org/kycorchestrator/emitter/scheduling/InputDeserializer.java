package org.kycorchestrator.emitter.scheduling;

import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.kycorchestrator.kafka.Topic;

/**
 * Reads a record of any of the scheduler's input topics, with the deserializer of the topic it
 * came from: the topics share one source, so that their records meet in one processor in the
 * order they arrive.
 */
final class InputDeserializer implements Deserializer<SpecificRecord> {

    private final Map<String, Deserializer<? extends SpecificRecord>> byTopic;

    @SafeVarargs
    InputDeserializer(final Topic<? extends SpecificRecord>... topics) {
        final Map<String, Deserializer<? extends SpecificRecord>> map = new java.util.HashMap<>();
        for (Topic<? extends SpecificRecord> topic : topics) {
            map.put(topic.name(), topic.valueSerde().deserializer());
        }
        this.byTopic = Map.copyOf(map);
    }

    @Override
    public SpecificRecord deserialize(final String topic, final byte[] data) {
        final Deserializer<? extends SpecificRecord> deserializer = byTopic.get(topic);
        Objects.requireNonNull(deserializer, () -> "not an input topic of the webhook scheduler: " + topic);
        return deserializer.deserialize(topic, data);
    }
}
