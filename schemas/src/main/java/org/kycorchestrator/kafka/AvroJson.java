package org.kycorchestrator.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Avro's own JSON encoding of a record, for calls between our instances that are not on a topic. */
public final class AvroJson {

    private AvroJson() {
    }

    public static <T extends SpecificRecord> byte[] write(final T record) {
        try {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final Encoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out);
            new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends SpecificRecord> T read(final byte[] json, final Class<T> type) {
        try {
            final org.apache.avro.Schema schema = SpecificData.get().getSchema(type);
            return new SpecificDatumReader<T>(schema).read(null,
                    DecoderFactory.get().jsonDecoder(schema, new String(json, java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
