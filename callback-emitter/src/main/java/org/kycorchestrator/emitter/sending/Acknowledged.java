package org.kycorchestrator.emitter.sending;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.kycorchestrator.kafka.Topic;

/** Writes one record and tells when the broker has it, so an offset is committed only after. */
final class Acknowledged {

    private Acknowledged() {
    }

    /** Completes once the broker acknowledged the record; fails if it never will. */
    static <V> CompletableFuture<Void> write(final Producer<byte[], byte[]> producer, final Topic<V> topic,
                                             final String key, final V value) {
        final CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
                    topic.valueSerde().serializer().serialize(topic.name(), value)), (metadata, error) -> {
                        if (error == null) {
                            written.complete(null);
                        } else {
                            written.completeExceptionally(new IllegalStateException("cannot write to " + topic.name(), error));
                        }
                    });
        } catch (RuntimeException e) {
            // send() itself throws when the record cannot be serialized or the producer is closed.
            written.completeExceptionally(new IllegalStateException("cannot write to " + topic.name(), e));
        }
        return written;
    }
}
