package org.kycorchestrator.bench.runs;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kycorchestrator.bench.kafka.BenchBroker;

/** Records written before a run's clock starts, and the check that a consumer group has committed them all. */
final class Preload {

    private Preload() {
    }

    static void bytes(final BenchBroker broker, final String topic, final int count, final int size, final Random random)
            throws ExecutionException, InterruptedException {
        records(broker, topic, count, i -> {
            final byte[] value = new byte[size];
            random.nextBytes(value);
            return new ProducerRecord<>(topic, ("customer-" + i).getBytes(StandardCharsets.UTF_8), value);
        });
    }

    static void records(final BenchBroker broker, final String topic, final int count,
                        final IntFunction<ProducerRecord<byte[], byte[]>> record) throws ExecutionException, InterruptedException {
        // Not idempotent: loading is not measured, and a fresh broker's first moments are where idempotence can get stuck.
        final Map<String, Object> config = new HashMap<>(broker.clients().producer("bench-preload"));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count - 1; i++) {
                producer.send(record.apply(i));
            }
            // the last one waited for: every earlier one is acknowledged before it
            producer.send(record.apply(count - 1)).get();
        }
    }

    static boolean committed(final BenchBroker broker, final String group, final String topic) {
        try {
            return broker.committedToTheEnd(group, List.of(topic));
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
