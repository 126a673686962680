package org.kycorchestrator.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

/**
 * Talks to any registry that speaks the Confluent Schema Registry REST API (Confluent, Apicurio's
 * ccompat API, Karapace, Redpanda, or the app's embedded one). Answers are cached: a schema id never
 * changes meaning, so each subject/schema pair and each id is asked for once.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(final String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl cannot be null");
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(subject + '\n' + schema, key -> {
            final String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
            final JsonNode answer = call(HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/" + subject + "/versions"))
                    .header("Content-Type", CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            final int id = answer.path("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(final int id) {
        return schemasById.computeIfAbsent(id, key -> {
            final JsonNode answer = call(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)).GET());
            return new Schema.Parser().parse(answer.path("schema").asText());
        });
    }

    private JsonNode call(final HttpRequest.Builder request) {
        try {
            final HttpResponse<String> response = http.send(
                    request.timeout(Duration.ofSeconds(10)).header("Accept", CONTENT_TYPE).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new SchemaRegistryException("schema registry answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("schema registry at " + baseUrl + " is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while calling the schema registry");
        }
    }

    /** The registry refused a call; the message carries its answer. */
    public static final class SchemaRegistryException extends RuntimeException {
        public SchemaRegistryException(final String message) {
            super(message);
        }
    }
}
