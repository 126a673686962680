package org.kycorchestrator.kafka;

import java.time.Instant;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts a record a component could not process on its dead-letter topic, with the reason. */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final String component;
    private final Topic<DeadLetter> topic;
    private final Producer<byte[], byte[]> producer;

    public DeadLetters(final String component, final KycTopics topics, final Producer<byte[], byte[]> producer) {
        this.component = Objects.requireNonNull(component, "component cannot be null");
        this.topic = topics.deadLetters(component);
        this.producer = Objects.requireNonNull(producer, "producer cannot be null");
    }

    public static DeadLetter letter(final String component, final String sourceTopic, final int partition, final long offset,
                                    final String key, final byte[] payload, final String reason) {
        return DeadLetter.newBuilder()
                .setComponent(component)
                .setSourceTopic(sourceTopic)
                .setPartition(partition)
                .setOffset(offset)
                .setKey(key)
                .setReason(reason)
                .setPayload(payload == null ? null : java.nio.ByteBuffer.wrap(payload))
                .setFailedAt(Instant.now())
                .build();
    }

    /** Sends and waits, so that the caller commits its offset only once the letter is safe. */
    public void send(final ConsumerRecord<byte[], byte[]> record, final String reason) {
        final String key = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        final DeadLetter letter = letter(component, record.topic(), record.partition(), record.offset(), key, record.value(), reason);
        LOG.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        try {
            producer.send(new ProducerRecord<>(topic.name(), record.key(),
                    topic.valueSerde().serializer().serialize(topic.name(), letter))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic.name(), e.getCause());
        }
    }
}
