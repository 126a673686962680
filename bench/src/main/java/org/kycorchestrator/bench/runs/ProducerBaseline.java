package org.kycorchestrator.bench.runs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kycorchestrator.bench.Measurement;
import org.kycorchestrator.bench.Run;
import org.kycorchestrator.bench.kafka.BenchBroker;

/**
 * Raw baseline: how many 300-byte records one producer, with the settings every component uses
 * ({@code acks=all}, idempotent, lz4, 5 ms linger), gets acknowledged by the embedded broker.
 * Values are random, so compression gains nothing a KYC record would not give.
 */
public final class ProducerBaseline implements Run {

    static final int RECORD_BYTES = 300;
    private static final int PARTITIONS = 3;

    private final Path workDir;
    private final byte[][] values = new byte[1024][];
    private BenchBroker broker;
    private int repetition;

    public ProducerBaseline(final Path workDir) {
        this.workDir = workDir;
        final Random random = new Random(42);
        for (int i = 0; i < values.length; i++) {
            values[i] = new byte[RECORD_BYTES];
            random.nextBytes(values[i]);
        }
    }

    @Override
    public String name() {
        return "producer";
    }

    @Override
    public String measures() {
        return "records/s of 300 random bytes, keyed by a customer id, one producer (acks=all, idempotent, lz4, linger 5 ms) "
                + "sending as fast as the broker acknowledges, into a topic of 3 partitions";
    }

    @Override
    public void setUp() {
        broker = BenchBroker.start(workDir);
    }

    @Override
    public Measurement measure(final Duration duration) throws Exception {
        final String topic = "bench.producer." + (++repetition);
        broker.createTopic(topic, PARTITIONS);
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clients().producer("bench-producer"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            // one record first, so metadata and the producer id are not in the measurement
            producer.send(new ProducerRecord<>(topic, values[0])).get();
            final long start = System.nanoTime();
            final long deadline = start + duration.toNanos();
            long sent = 0;
            while (System.nanoTime() < deadline) {
                producer.send(new ProducerRecord<>(topic, ("customer-" + sent).getBytes(StandardCharsets.UTF_8),
                        values[(int) (sent++ & 1023)]), (metadata, error) -> (error == null ? acknowledged : failed).incrementAndGet());
            }
            producer.flush();
            final double seconds = (System.nanoTime() - start) / 1e9;
            return new Measurement()
                    .add("throughput", "records/s", acknowledged.get() / seconds)
                    .add("payload", "MB/s", acknowledged.get() * RECORD_BYTES / seconds / 1e6)
                    .add("failed", "records", failed.get());
        }
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
