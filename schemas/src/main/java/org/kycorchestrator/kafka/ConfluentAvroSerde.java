package org.kycorchestrator.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro values in the Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the
 * Avro binary encoding. The subject is {@code <topic>-value}, so any Confluent-compatible consumer
 * can read what we write, and we read any writer schema the registry knows, resolved against our
 * generated class.
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private static final byte MAGIC_BYTE = 0;
    private static final int HEADER_LENGTH = 5;
    /** A thread keeps its buffer up to this size; a rare larger record does not pin its memory for good. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    /**
     * Each thread writes into a buffer and a buffered encoder of its own, reused from record to record.
     * A new stream and a direct encoder for every record cost the orchestrator a third of its
     * serialisation: the stream grew from a few hundred bytes by copying, and the direct encoder
     * wrote to it byte by byte.
     */
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        private BinaryEncoder encoder;
    }

    private final Class<T> type;
    private final Schema readerSchema;
    private final SchemaRegistryClient registry;
    private final SpecificDatumWriter<T> writer;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

    public ConfluentAvroSerde(final Class<T> type, final SchemaRegistryClient registry) {
        this.type = Objects.requireNonNull(type, "type cannot be null");
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        this.readerSchema = SpecificData.get().getSchema(type);
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    public static String valueSubject(final String topic) {
        return topic + "-value";
    }

    @Override
    public byte[] serialize(final String topic, final T data) {
        if (data == null) {
            return null;
        }
        final int id = idsByTopic.computeIfAbsent(topic, t -> registry.register(valueSubject(t), readerSchema));
        final Output output = OUTPUT.get();
        try {
            // Reconfigure the encoder before emptying the buffer: an encoder left with bytes by a
            // failed write flushes them on reconfiguration, and they must not follow the header.
            output.encoder = EncoderFactory.get().binaryEncoder(output.bytes, output.encoder);
            output.bytes.reset();
            output.bytes.write(MAGIC_BYTE);
            output.bytes.write(id >>> 24);
            output.bytes.write(id >>> 16);
            output.bytes.write(id >>> 8);
            output.bytes.write(id);
            writer.write(data, output.encoder);
            output.encoder.flush();
            final byte[] bytes = output.bytes.toByteArray();
            if (bytes.length > KEPT_BUFFER_BYTES) {
                OUTPUT.remove();
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            OUTPUT.remove();
            throw new SerializationException("cannot write " + type.getSimpleName() + " for topic " + topic, e);
        }
    }

    @Override
    public T deserialize(final String topic, final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < HEADER_LENGTH || bytes[0] != MAGIC_BYTE) {
            throw new SerializationException("not a Confluent-wire-format Avro record on " + topic);
        }
        final int writerId = ByteBuffer.wrap(bytes, 1, 4).getInt();
        try {
            final DatumReader<T> reader = readersByWriterId.computeIfAbsent(writerId,
                    id -> new SpecificDatumReader<>(registry.schemaById(id), readerSchema));
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " (schema id " + writerId + ") from " + topic, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        // Configured through the constructor.
    }

    @Override
    public void close() {
        // Nothing to release; the registry client is shared.
    }
}
