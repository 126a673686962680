package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.config.Config;

/**
 * Stopping the app while a merchant waits for an answer: the port closes at once, the request in
 * flight gets its answer, and only then do the components stop. Once through {@link KycApp#close()},
 * once as production stops it: SIGTERM to {@link KycAppMain} in a process of its own.
 *
 * <p>The request held in flight asks for a hosted link with {@code Prefer: wait}, while the sandbox's
 * xGateway answers only after three seconds: the answer needs the orchestrator, the workers and the
 * vendor all still running after the stop has begun.
 */
class GracefulShutdownTest {

    private static final String API_KEY = "graceful-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;

    private KycApp app;
    private Process process;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void closingTheAppAnswersTheRequestInFlightAndRefusesNewOnes() throws Exception {
        final int sandboxPort = freePort();
        app = KycApp.start(Config.of(config(sandboxPort, freePort())));
        final String base = app.baseUrl();
        final String customerId = readyForALink(base, sandboxPort);

        // given a merchant waiting for a link the vendor is slow to give
        final CompletableFuture<ApiClient.Answer> link = askForTheLink(base, customerId);
        awaitTheVendorAsked(app.bootstrapServers(), customerId);

        // when the app is closed
        final CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);

        // then nobody new gets in
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> get(base + "/health/live"))
                .isInstanceOf(IOException.class));
        // and the merchant gets the link it waited for, before the app is done closing
        final ApiClient.Answer answer = link.get(20, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
        assertThat(answer.data().path("link").path("url").asText()).contains("/xgateway/checkout/");
        closing.get(60, TimeUnit.SECONDS);
        app = null;
    }

    @Test
    void sigtermToTheAppsProcessAnswersTheRequestInFlightBeforeItExits() throws Exception {
        final int sandboxPort = freePort();
        final int kafkaPort = freePort();
        final int httpPort = freePort();
        final Map<String, String> env = config(sandboxPort, kafkaPort);
        env.put("KYC_HTTP_PORT", String.valueOf(httpPort));
        process = startMain(env);
        final String base = "http://localhost:" + httpPort;
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> get(base + "/health/ready").statusCode() == 200);
        final String customerId = readyForALink(base, sandboxPort);

        // given a merchant waiting for a link the vendor is slow to give
        final CompletableFuture<ApiClient.Answer> link = askForTheLink(base, customerId);
        awaitTheVendorAsked("localhost:" + kafkaPort, customerId);

        // when the process is told to terminate, as an orchestrator of containers does
        process.destroy();

        // then the merchant gets the link, and the process exits by itself
        final ApiClient.Answer answer = link.get(20, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
        assertThat(answer.data().path("link").path("url").asText()).contains("/xgateway/checkout/");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process exited").isTrue();
    }

    private Map<String, String> config(final int sandboxPort, final int kafkaPort) {
        final Map<String, String> config = new HashMap<>(Map.of(
                "KYC_DATA_DIR", dataDir.resolve("data").toString(),
                "KYC_HTTP_PORT", "0",
                "KYC_KAFKA_PORT", String.valueOf(kafkaPort),
                "KYC_SANDBOX_PORT", String.valueOf(sandboxPort),
                "KYC_DEMO_API_KEY", API_KEY,
                "KYC_SHUTDOWN_GRACE", "20s"));
        return config;
    }

    /** A customer of xGateway with everything but the link, and xGateway answering after 3 s from now on. */
    private static String readyForALink(final String base, final int sandboxPort) throws Exception {
        final MerchantFlow flow = new MerchantFlow(new ApiClient(base, API_KEY));
        final String id = flow.register("""
                {"externalId":"%s","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","country":"GB"}}
                """.formatted(UUID.randomUUID()));
        flow.applicant(id);
        flow.agreements(id);
        final HttpResponse<String> fault = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + sandboxPort + "/_admin/faults/xgateway"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"latencyMs\":3000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fault.statusCode()).isEqualTo(204);
        return id;
    }

    private static CompletableFuture<ApiClient.Answer> askForTheLink(final String base, final String customerId) {
        return CompletableFuture.supplyAsync(() -> new ApiClient(base, API_KEY)
                .post("/v1/customers/" + customerId + "/kyc/link", "{\"locale\":\"en\"}", "Prefer", "wait=20"));
    }

    /** The orchestrator has asked the workers for the link: the request is with the (slow) vendor now. */
    private static void awaitTheVendorAsked(final String bootstrapServers, final String customerId) {
        final long before = recordsKeyed(bootstrapServers, "kyc.provider-requests", customerId);
        await().atMost(Duration.ofSeconds(20)).until(() -> recordsKeyed(bootstrapServers, "kyc.provider-requests", customerId) > before);
    }

    private static long recordsKeyed(final String bootstrapServers, final String topic, final String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    /** {@link KycAppMain} as its own process, from this JVM's class path, as production runs it. */
    private Process startMain(final Map<String, String> env) throws IOException {
        final Path log = dataDir.resolve("app.log");
        final ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                KycAppMain.class.getName()))
                .directory(dataDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KYC_") || name.startsWith("KAFKA_"));
        builder.environment().putAll(env);
        Files.createDirectories(dataDir);
        final Process started = builder.start();
        // Should this JVM die first, the app must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        return started;
    }

    private static HttpResponse<String> get(final String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
