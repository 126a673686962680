package org.kycorchestrator.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record a Kafka Streams application cannot read, or cannot process, to its component's
 * dead-letter topic ({@code kyc.dlq.<component>}) and lets the stream go on. The dead letter is an Avro {@link DeadLetter} holding the original
 * bytes; the reason and the source topic, partition and offset are also in its headers, so tools
 * can route on them without decoding. Kafka Streams writes it in the same transaction as the
 * offsets it skips, so a poison pill is never both skipped and lost.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** The config key under which the topology's builder passes the dead letters' serializer. */
    public static final String SERIALIZER_CONFIG = "kyc.dead-letters.serializer";
    /** The config key naming the component whose dead-letter topic is written. */
    public static final String COMPONENT_CONFIG = "kyc.dead-letters.component";
    public static final String HEADER_SOURCE_TOPIC = "kyc.dlq.source-topic";
    public static final String HEADER_SOURCE_PARTITION = "kyc.dlq.source-partition";
    public static final String HEADER_SOURCE_OFFSET = "kyc.dlq.source-offset";
    public static final String HEADER_REASON = "kyc.dlq.reason";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    private Serializer<DeadLetter> serializer;
    private String component;
    private String topic;

    /** Makes this the handler of unreadable and unprocessable records of a Streams application. */
    public static void install(final Properties streamsProperties, final String component, final Serializer<DeadLetter> serializer) {
        streamsProperties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        streamsProperties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        streamsProperties.put(SERIALIZER_CONFIG, serializer);
        streamsProperties.put(COMPONENT_CONFIG, component);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(final Map<String, ?> configs) {
        this.serializer = (Serializer<DeadLetter>) Objects.requireNonNull(configs.get(SERIALIZER_CONFIG), SERIALIZER_CONFIG + " must be set");
        this.component = (String) Objects.requireNonNull(configs.get(COMPONENT_CONFIG), COMPONENT_CONFIG + " must be set");
        this.topic = TopicNames.deadLetters(component);
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(final ErrorHandlerContext context,
                                                               final ConsumerRecord<byte[], byte[]> record, final Exception exception) {
        return DeserializationExceptionHandler.Response.resume(
                List.of(deadLetter(context, record.key(), record.value(), "unreadable record: " + describe(exception))));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(final ErrorHandlerContext context, final Record<?, ?> record,
                                                          final Exception exception) {
        return ProcessingExceptionHandler.Response.resume(
                List.of(deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), "cannot process: " + describe(exception))));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(final ErrorHandlerContext context, final byte[] key, final byte[] value,
                                                      final String reason) {
        LOG.warn("Dead-lettering {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), reason);
        final String textKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
        final DeadLetter letter = DeadLetters.letter(component, String.valueOf(context.topic()), context.partition(),
                context.offset(), textKey, value, reason);
        final RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_SOURCE_TOPIC, utf8(String.valueOf(context.topic())));
        headers.add(HEADER_SOURCE_PARTITION, utf8(String.valueOf(context.partition())));
        headers.add(HEADER_SOURCE_OFFSET, utf8(String.valueOf(context.offset())));
        headers.add(HEADER_REASON, utf8(reason));
        return new ProducerRecord<>(topic, null, key, serializer.serialize(topic, letter), headers);
    }

    private static String describe(final Exception exception) {
        final Throwable cause = exception.getCause() != null ? exception.getCause() : exception;
        return exception.getClass().getSimpleName() + ": " + exception.getMessage()
                + (cause != exception ? " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")" : "");
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
