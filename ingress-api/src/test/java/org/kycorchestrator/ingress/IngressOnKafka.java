package org.kycorchestrator.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.openapi.ExchangeRecorder;
import org.kycorchestrator.ingress.openapi.OpenApiContract;
import org.kycorchestrator.ingress.operations.Operations;
import org.kycorchestrator.ingress.operations.PrometheusMetrics;
import org.kycorchestrator.ingress.operations.Readiness;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.kafka.TopicProvisioner;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.tenants.TenantDirectory;
import org.kycorchestrator.workers.callbacks.CallbackAccounts;
import org.kycorchestrator.workers.callbacks.CallbackVerifiers;

/**
 * The whole ingress API on the shared real broker, answering real HTTP, for two tenants of its own
 * (so tests of other classes on the same broker stay apart). Tests write records straight to
 * topics and read back everything a topic holds.
 */
public final class IngressOnKafka implements AutoCloseable {

    public static final String MY_KEY = "key-of-mine";
    public static final String OTHER_KEY = "key-of-other";
    /** One registry for every test on the shared broker, so each reads what the others wrote. */
    public static final KycTopics TOPICS = new KycTopics(new InMemorySchemaRegistryClient());

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final IngressApi api;
    private final Javalin http;
    private final KafkaProducer<byte[], byte[]> producer;
    private final HttpClient client = HttpClient.newHttpClient();
    /** Every answer is checked against docs/openapi.yaml; {@link #close()} fails the test when one does not conform. */
    private final ExchangeRecorder exchanges = new ExchangeRecorder(OpenApiContract.fromClasspath(), "ingress-api");

    /** The health, metrics and request-id plumbing the mains add, when the test asks for it. */
    private final PrometheusMetrics metrics;

    private IngressOnKafka(final EmbeddedKafkaBroker broker, final Map<String, String> config, final Tenants tenants,
                           final CaseReader cases, final boolean asDeployed) {
        // Vendor callbacks are checked only for the vendors whose secrets the config names (none by default).
        this(broker, config, tenants, CallbackAccounts.deploymentOnly(CallbackVerifiers.fromConfig(Config.of(config), HttpClient.newHttpClient())),
                cases, asDeployed);
    }

    private IngressOnKafka(final EmbeddedKafkaBroker broker, final Map<String, String> config, final Tenants tenants,
                           final CallbackAccounts callbacks, final CaseReader cases, final boolean asDeployed) {
        this.bootstrapServers = broker.bootstrapServers();
        final KafkaClients clients = new KafkaClients(bootstrapServers);
        try (Admin admin = Admin.create(clients.admin())) {
            new TopicProvisioner(Config.of(Map.of())).provision(admin);
        }
        this.metrics = asDeployed ? new PrometheusMetrics() : null;
        this.api = new IngressApi(Config.of(config), clients, TOPICS, tenants, callbacks, cases,
                asDeployed ? metrics.registry() : new SimpleMeterRegistry());
        this.http = Javalin.create(javalin -> {
            javalin.jetty.port = 0;
            javalin.startup.showJavalinBanner = false;
            if (asDeployed) {
                new Operations(metrics, Readiness.of("ingress-api", Readiness.Check.when(api::isReady, "not caught up yet")),
                        Duration.ofSeconds(5)).configure(javalin);
            }
            api.configure(javalin);
            exchanges.install(javalin);
        }).start();
        this.producer = new KafkaProducer<>(clients.producer("ingress-test"), new ByteArraySerializer(), new ByteArraySerializer());
        api.start();
        await().atMost(TIMEOUT).until(api::isReady);
    }

    public static IngressOnKafka start(final EmbeddedKafkaBroker broker, final Map<String, String> config) {
        final String suffix = UUID.randomUUID().toString();
        return start(broker, config, new Tenants(Map.of(Tenants.sha256(MY_KEY), new Tenant("mine-" + suffix),
                Tenants.sha256(OTHER_KEY), new Tenant("other-" + suffix))), customerId -> new CaseReader.NotFound());
    }

    /** The API for the given tenants, reading cases from the given reader (in place of the orchestrator's store). */
    public static IngressOnKafka start(final EmbeddedKafkaBroker broker, final Map<String, String> config, final Tenants tenants,
                                       final CaseReader cases) {
        return new IngressOnKafka(broker, config, tenants, cases, false);
    }

    /**
     * The API for the tenants of a tenants file, receiving the callbacks of the deployment's vendor
     * accounts (whose secrets the config names) and of the tenants' own.
     */
    public static IngressOnKafka start(final EmbeddedKafkaBroker broker, final Map<String, String> config, final TenantDirectory tenants,
                                       final CaseReader cases) {
        return new IngressOnKafka(broker, config, Tenants.of(tenants),
                CallbackAccounts.fromConfig(Config.of(config), HttpClient.newHttpClient(), Optional.of(tenants)), cases, false);
    }

    /** The same, with the health checks, metrics, request ids and access log the mains add, as deployed. */
    public static IngressOnKafka startAsDeployed(final EmbeddedKafkaBroker broker, final Map<String, String> config,
                                                 final Tenants tenants, final CaseReader cases) {
        return new IngressOnKafka(broker, config, tenants, cases, true);
    }

    /** The API's address for a path, for tests that build their own requests. */
    public URI uri(final String path) {
        return URI.create("http://localhost:" + http.port() + path);
    }

    public HttpResponse<String> send(final String apiKey, final String method, final String path, final String body) throws Exception {
        return send(apiKey, method, path, body, new String[0]);
    }

    /** Sends with more headers, given as name, value, name, value, ... */
    public HttpResponse<String> send(final String apiKey, final String method, final String path, final String body,
                                     final String... headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + path))
                .header("x-api-key", apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with a body of any content type, e.g. a multipart upload; a null content type sends none. */
    public HttpResponse<String> send(final String apiKey, final String method, final String path, final String contentType,
                                     final HttpRequest.BodyPublisher body) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + path))
                .header("x-api-key", apiKey)
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The port the API listens on, for tests that must speak raw HTTP. */
    public int port() {
        return http.port();
    }

    public static JsonNode data(final HttpResponse<String> response) throws Exception {
        return Envelope.JSON.readTree(response.body()).path("data");
    }

    /** Registers an endpoint for the tenant of the key and answers its id. */
    public String createEndpoint(final String apiKey) throws Exception {
        final HttpResponse<String> created = send(apiKey, "POST", "/v1/webhook-endpoints", "{\"url\":\"https://merchant.example/hooks\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return data(created).path("id").asText();
    }

    /** Writes a record as its producer would, and returns once Kafka acknowledged it. */
    public <V> void write(final Topic<V> topic, final String key, final V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
                topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    }

    /** Every record the topic holds now, in each partition's order. */
    public <V> List<ConsumerRecord<String, V>> readAll(final Topic<V> topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(new KafkaClients(bootstrapServers).consumer(null, "ingress-test-reader"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final List<ConsumerRecord<String, V>> records = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    records.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
                            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                            topic.valueSerde().deserializer().deserialize(record.topic(), record.value())));
                }
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
            return records;
        }
    }

    /** Every route the server answers, as "METHOD /path/{param}". */
    public List<String> routes() {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(handler -> handler.endpoint.method.isHttpMethod())
                .map(handler -> handler.endpoint.method.name() + " " + handler.endpoint.path)
                .toList();
    }

    /** How many partitions the topic has. */
    public int partitionsOf(final Topic<?> topic) {
        return producer.partitionsFor(topic.name()).size();
    }

    @Override
    public void close() {
        http.stop();
        api.close();
        producer.close(Duration.ofSeconds(5));
        if (metrics != null) {
            metrics.close();
        }
        exchanges.requireEveryAnswerConforms();
    }
}
