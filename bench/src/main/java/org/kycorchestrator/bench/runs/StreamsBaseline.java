package org.kycorchestrator.bench.runs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.kycorchestrator.bench.Measurement;
import org.kycorchestrator.bench.Run;
import org.kycorchestrator.bench.kafka.BenchBroker;

/**
 * Raw baseline for the orchestrator: the least a Kafka Streams application that is exactly-once and
 * stateful does per record. It reads a record, updates a per-key count in a RocksDB store (with its
 * changelog, as the case store has) and writes the record on, with the orchestrator's settings:
 * {@code exactly_once_v2}, a 100 ms commit interval, one stream thread, lz4. The records are loaded
 * first; the clock runs from the application's RUNNING to the moment its group has committed the
 * last input offset, exactly as in {@link OrchestratorRun}.
 */
public final class StreamsBaseline implements Run {

    private static final String INPUT = "bench.streams.in";
    private static final String OUTPUT = "bench.streams.out";
    private static final String STORE = "bench-counts";

    private final Path workDir;
    private final int records;
    private int repetition;

    public StreamsBaseline(final Path workDir, final int records) {
        this.workDir = workDir;
        this.records = records;
    }

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public String measures() {
        return "records/s through an exactly-once (v2) Kafka Streams pass-through that updates a per-key RocksDB store, "
                + records + " preloaded 300-byte records of distinct keys, 3 partitions, 1 thread, commit interval 100 ms";
    }

    @Override
    public void setUp() {
        // every repetition has a broker of its own, so nothing carries over
    }

    @Override
    public Measurement measure(final Duration duration) throws Exception {
        try (BenchBroker broker = BenchBroker.start(workDir)) {
            broker.createTopic(INPUT, 3);
            broker.createTopic(OUTPUT, 3);
            Preload.bytes(broker, INPUT, records, ProducerBaseline.RECORD_BYTES, new Random(repetition));
            final String applicationId = "bench-streams-" + (++repetition);
            try (KafkaStreams streams = new KafkaStreams(topology(), properties(broker, applicationId))) {
                streams.start();
                final long start = BenchBroker.nanosUntil(() -> streams.state() == KafkaStreams.State.RUNNING, Duration.ofMinutes(1),
                        "running");
                final long end = BenchBroker.nanosUntil(() -> Preload.committed(broker, applicationId, INPUT), Duration.ofMinutes(5),
                        "done");
                final double seconds = (end - start) / 1e9;
                return new Measurement().add("throughput", "records/s", records / seconds).add("time", "s", seconds);
            }
        }
    }

    private static Topology topology() {
        final Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), INPUT);
        topology.addProcessor("count", CountingPassThrough::new, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()), "count");
        topology.addSink("out", OUTPUT, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "count");
        return topology;
    }

    private static Properties properties(final BenchBroker broker, final String applicationId) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.clients().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.STATE_DIR_CONFIG, broker.dir().resolve("streams").toString());
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        return props;
    }

    /** Read, update the key's count, write on: the least a stateful step does. */
    private static final class CountingPassThrough implements Processor<String, byte[], String, byte[]> {
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(final ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.counts = context.getStateStore(STORE);
        }

        @Override
        public void process(final Record<String, byte[]> record) {
            final Long count = counts.get(record.key());
            counts.put(record.key(), count == null ? 1 : count + 1);
            context.forward(record);
        }
    }

    @Override
    public void close() {
    }
}
