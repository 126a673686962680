package org.kycorchestrator.app.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.TopicNames;

/**
 * The embedded schema registry's state: subjects, versions and global ids, kept in the compacted
 * topic {@code _kyc_schemas} (JSON records, like Confluent's own {@code _schemas}), so ids survive
 * restarts. It is meant for one app instance: a cluster of instances uses an external registry
 * ({@code KYC_SCHEMA_REGISTRY_URL}). A new version of a subject must be BACKWARD compatible with the
 * latest one, as Avro's own {@link SchemaCompatibility} decides.
 */
public final class SchemaStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;
    private final Map<Integer, String> schemasById = new ConcurrentHashMap<>();
    private final Map<String, TreeMap<Integer, Integer>> idsBySubjectVersion = new ConcurrentHashMap<>();

    public SchemaStore(final KafkaClients clients) {
        this.producer = new KafkaProducer<>(clients.producer("kyc-schema-registry"), new StringSerializer(), new StringSerializer());
        load(clients);
    }

    public record Version(String subject, int version, int id, String schema) {
    }

    /** Registers the schema under the subject, or finds it there; returns its global id. */
    public synchronized int register(final String subject, final String schemaText) {
        final Schema schema = new Schema.Parser().parse(schemaText);
        final TreeMap<Integer, Integer> versions = idsBySubjectVersion.getOrDefault(subject, new TreeMap<>());
        for (Integer id : versions.values()) {
            if (parse(schemasById.get(id)).equals(schema)) {
                return id;
            }
        }
        if (!versions.isEmpty()) {
            final Schema latest = parse(schemasById.get(versions.lastEntry().getValue()));
            final SchemaCompatibility.SchemaPairCompatibility compatibility =
                    SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
            if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new IncompatibleSchemaException("the schema is not BACKWARD compatible with version "
                        + versions.lastKey() + " of " + subject + ": " + compatibility.getDescription());
            }
        }
        final int id = schemasById.entrySet().stream().filter(e -> parse(e.getValue()).equals(schema))
                .map(Map.Entry::getKey).findFirst()
                .orElseGet(() -> schemasById.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
        final Version version = new Version(subject, versions.isEmpty() ? 1 : versions.lastKey() + 1, id, schema.toString());
        persist(version);
        apply(version);
        return id;
    }

    public Optional<String> schema(final int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    public List<String> subjects() {
        return new ArrayList<>(new TreeMap<>(idsBySubjectVersion).keySet());
    }

    public Optional<List<Integer>> versions(final String subject) {
        return Optional.ofNullable(idsBySubjectVersion.get(subject)).map(v -> new ArrayList<>(v.keySet()));
    }

    /** A version by number, or the newest one for {@code latest}. */
    public Optional<Version> version(final String subject, final String version) {
        final TreeMap<Integer, Integer> versions = idsBySubjectVersion.get(subject);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        final Integer number;
        if ("latest".equals(version) || "-1".equals(version)) {
            number = versions.lastKey();
        } else {
            try {
                number = Integer.valueOf(version);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(versions.get(number)).map(id -> new Version(subject, number, id, schemasById.get(id)));
    }

    private void persist(final Version version) {
        final ObjectNode key = JSON.createObjectNode().put("subject", version.subject()).put("version", version.version());
        final ObjectNode value = key.deepCopy().put("id", version.id()).put("schema", version.schema());
        try {
            producer.send(new ProducerRecord<>(TopicNames.SCHEMAS, key.toString(), value.toString())).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a schema", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store the schema in " + TopicNames.SCHEMAS, e);
        }
    }

    private void apply(final Version version) {
        schemasById.put(version.id(), version.schema());
        idsBySubjectVersion.computeIfAbsent(version.subject(), s -> new TreeMap<>()).put(version.version(), version.id());
    }

    private void load(final KafkaClients clients) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(clients.consumer(null, "kyc-schema-registry-loader"),
                new StringDeserializer(), new StringDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(TopicNames.SCHEMAS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        apply(read(record.value()));
                    }
                }
            }
        }
    }

    private static Version read(final String json) {
        try {
            final JsonNode node = JSON.readTree(json.getBytes(StandardCharsets.UTF_8));
            return new Version(node.get("subject").asText(), node.get("version").asInt(), node.get("id").asInt(), node.get("schema").asText());
        } catch (Exception e) {
            throw new IllegalStateException("unreadable record in " + TopicNames.SCHEMAS, e);
        }
    }

    private static Schema parse(final String text) {
        return new Schema.Parser().parse(text);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** The registry refuses a schema that would break readers of earlier versions. */
    public static final class IncompatibleSchemaException extends RuntimeException {
        public IncompatibleSchemaException(final String message) {
            super(message);
        }
    }
}
