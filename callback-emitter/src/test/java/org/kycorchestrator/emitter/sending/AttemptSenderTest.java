package org.kycorchestrator.emitter.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import com.standardwebhooks.Webhook;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.emitter.TopicRecords;
import org.kycorchestrator.emitter.WebhookReceiver;
import org.kycorchestrator.emitter.WebhookReceiver.Answer;
import org.kycorchestrator.emitter.WebhookReceiver.Request;
import org.kycorchestrator.emitter.delivery.EndpointLimits;
import org.kycorchestrator.emitter.delivery.WebhookSender;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.kafka.TopicProvisioner;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.WebhookAttempt;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;
import org.kycorchestrator.webhooks.AddressPolicy;

/**
 * The sender against the real shared broker and a real HTTP receiver. Endpoints go straight into the
 * sender's endpoint table. The broker, its topics and the sender's consumer group outlive each test,
 * so every test uses its own customers (the key of every webhook topic) and endpoints; an attempt a
 * previous test left uncommitted is made again here, to an endpoint this table does not know.
 */
@ExtendWith(SharedKafka.class)
class AttemptSenderTest {

    private static final KycTopics TOPICS = new KycTopics(new InMemorySchemaRegistryClient());
    /** The receivers listen on loopback, as with KYC_WEBHOOK_ALLOW_PRIVATE=true. */
    private static final AddressPolicy POLICY = AddressPolicy.from(Config.of(Map.of(AddressPolicy.ALLOW_PRIVATE, "true")));
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static String bootstrapServers;
    private static KafkaProducer<byte[], byte[]> producer;

    private final String tenant = unique("tenant");
    private final String customer = unique("customer");
    private final EndpointTable endpoints = new EndpointTable();
    private final List<RunningSender> senders = new ArrayList<>();
    private WebhookReceiver receiver;

    @BeforeAll
    static void createTopics(final EmbeddedKafkaBroker broker) {
        bootstrapServers = broker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            new TopicProvisioner(Config.of(Map.of())).provision(admin);
        }
        producer = new KafkaProducer<>(new KafkaClients(bootstrapServers).producer("attempt-sender-test"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @BeforeEach
    void startReceiver() {
        receiver = WebhookReceiver.start();
        endpoints.markCaughtUp();
    }

    @AfterEach
    void stopEverything() {
        senders.forEach(RunningSender::close);
        receiver.close();
    }

    @Test
    void anAttemptToAHealthyEndpointArrivesSignedAndIsLoggedAsDelivered() {
        // given
        final WebhookEndpoint healthy = register(endpoint("/healthy"));
        startSender();

        // when
        final WebhookAttempt attempt = attempt(healthy, customer);
        publish(attempt);

        // then
        final WebhookDelivery delivery = deliveryOf(attempt);
        final Request request = receiver.requestsTo("/healthy").get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.webhookId()).isEqualTo(attempt.getMessage().getId());
        assertThat(request.body()).isEqualTo(attempt.getMessage().getPayload());
        assertThatCode(() -> new Webhook(healthy.getSecret()).verify(request.body(), request.headers())).doesNotThrowAnyException();

        assertThat(delivery.getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
        assertThat(delivery.getStatusCode()).isEqualTo(200);
        assertThat(delivery.getLatencyMillis()).isBetween(0L, WebhookSender.REQUEST_TIMEOUT.toMillis());
        assertThat(delivery.getError()).isNull();
        assertThat(delivery.getAttemptId()).isEqualTo(attempt.getAttemptId());
        assertThat(delivery.getEndpointId()).isEqualTo(healthy.getId());
        assertThat(delivery.getTenantId()).isEqualTo(tenant);
        assertThat(delivery.getSubject()).isEqualTo(customer);
        assertThat(delivery.getMessageId()).isEqualTo(attempt.getMessage().getId());
        assertThat(delivery.getEventType()).isEqualTo(attempt.getMessage().getType());
        assertThat(delivery.getAttempt()).isEqualTo(attempt.getAttempt());
        assertThat(delivery.getAttemptedAt()).isBetween(attempt.getRequestedAt(), Instant.now());
    }

    @Test
    void aServerErrorWithAHugeBodyIsLoggedAsFailedWithOnlyTheStartOfTheBody() {
        // given
        final WebhookEndpoint broken = register(endpoint("/broken"));
        final byte[] hugeBody = "e".repeat(100 * 1024).getBytes(StandardCharsets.UTF_8);
        receiver.answer("/broken", Answer.withBody(500, hugeBody));
        startSender();

        // when
        final WebhookAttempt attempt = attempt(broken, customer);
        publish(attempt);

        // then
        final WebhookDelivery delivery = deliveryOf(attempt);
        assertThat(delivery.getOutcome()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(delivery.getStatusCode()).isEqualTo(500);
        assertThat(delivery.getError()).isEqualTo("HTTP 500");
        assertThat(delivery.getResponseBody()).isNotEmpty().matches("e+");
        assertThat(delivery.getResponseBody().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(4 * 1024);
    }

    @Test
    void tooManyRequestsWithRetryAfterIsLoggedWithTheWaitAskedFor() {
        // given
        final WebhookEndpoint busy = register(endpoint("/busy"));
        receiver.answer("/busy", Answer.of(429, "Retry-After", "7"));
        startSender();

        // when
        final WebhookAttempt attempt = attempt(busy, customer);
        publish(attempt);

        // then
        final WebhookDelivery delivery = deliveryOf(attempt);
        assertThat(delivery.getOutcome()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(delivery.getStatusCode()).isEqualTo(429);
        assertThat(delivery.getRetryAfterMillis()).isEqualTo(7000L);
    }

    @Test
    void anEndpointAnsweringGoneIsLoggedAsGoneAndDisabledOnTheTopic() {
        // given
        final WebhookEndpoint leaving = register(endpoint("/leaving"));
        receiver.answer("/leaving", 410);
        startSender();

        // when
        final WebhookAttempt attempt = attempt(leaving, customer);
        publish(attempt);

        // then
        assertThat(deliveryOf(attempt).getOutcome()).isEqualTo(DeliveryOutcome.GONE);
        try (TopicRecords endpointRecords = new TopicRecords(bootstrapServers, TopicNames.WEBHOOK_ENDPOINTS)) {
            final List<ConsumerRecord<byte[], byte[]>> records = endpointRecords.awaitKeyed(leaving.getId(), 1);
            final WebhookEndpoint written = TOPICS.webhookEndpoints().valueSerde().deserializer()
                    .deserialize(TopicNames.WEBHOOK_ENDPOINTS, records.get(records.size() - 1).value());
            assertThat(written.getEnabled()).isFalse();
            assertThat(written.getDisabledReason()).isEqualTo("gone");
            assertThat(written.getDisabledAt()).isNotNull();
            assertThat(WebhookEndpoint.newBuilder(written).setEnabled(true).setDisabledReason(null).setDisabledAt(null).build())
                    .isEqualTo(leaving);
        }
        assertThat(endpoints.find(leaving.getId())).hasValueSatisfying(e -> assertThat(e.getEnabled()).isFalse());
    }

    @Test
    void anAttemptToADisabledEndpointIsLoggedAsSuchAndNotSent() {
        // given
        final WebhookEndpoint disabled = WebhookEndpoint.newBuilder(endpoint("/disabled"))
                .setEnabled(false).setDisabledReason("merchant").build();
        register(disabled);
        startSender();

        // when
        final WebhookAttempt attempt = attempt(disabled, customer);
        publish(attempt);

        // then
        final WebhookDelivery delivery = deliveryOf(attempt);
        assertThat(delivery.getOutcome()).isEqualTo(DeliveryOutcome.ENDPOINT_DISABLED);
        assertThat(delivery.getStatusCode()).isNull();
        assertThat(delivery.getError()).contains("disabled").contains("merchant");
        assertThat(receiver.requestsTo("/disabled")).isEmpty();
    }

    @Test
    void anAttemptToAnUnknownEndpointIsLoggedAsDeleted() {
        // given
        final WebhookEndpoint deleted = endpoint("/deleted");
        startSender();

        // when
        final WebhookAttempt attempt = attempt(deleted, customer);
        publish(attempt);

        // then
        final WebhookDelivery delivery = deliveryOf(attempt);
        assertThat(delivery.getOutcome()).isEqualTo(DeliveryOutcome.ENDPOINT_DELETED);
        assertThat(delivery.getStatusCode()).isNull();
        assertThat(receiver.requestsTo("/deleted")).isEmpty();
    }

    @Test
    void aRecordThatIsNotAnAttemptIsDeadLetteredAndLaterAttemptsStillGoOut() {
        // given
        final WebhookEndpoint healthy = register(endpoint("/after-garbage"));
        startSender();
        final byte[] garbage = "this is not Avro".getBytes(StandardCharsets.UTF_8);

        // when
        send(new ProducerRecord<>(TopicNames.WEBHOOK_ATTEMPTS, key(customer), garbage));
        final WebhookAttempt attempt = attempt(healthy, customer);
        publish(attempt);

        // then
        try (TopicRecords deadLetters = new TopicRecords(bootstrapServers, TopicNames.deadLetters("callback-emitter"))) {
            final DeadLetter letter = TOPICS.serde(DeadLetter.class).deserializer()
                    .deserialize(TopicNames.deadLetters("callback-emitter"), deadLetters.awaitKeyed(customer, 1).get(0).value());
            assertThat(letter.getSourceTopic()).isEqualTo(TopicNames.WEBHOOK_ATTEMPTS);
            assertThat(letter.getReason()).startsWith("cannot read a WebhookAttempt");
            assertThat(bytes(letter.getPayload())).isEqualTo(garbage);
        }
        assertThat(deliveryOf(attempt).getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    }

    @Test
    void anAttemptWhoseOutcomeWasLoggedIsNotMadeAgainAfterARestart() {
        // given: an attempt made and logged by a sender that then stops
        final WebhookEndpoint healthy = register(endpoint("/once"));
        final RunningSender first = startSender();
        final WebhookAttempt before = attempt(healthy, customer);
        publish(before);
        deliveryOf(before);
        first.close();

        // when: a new sender reads on, and a later attempt of the same customer (same partition) arrives
        startSender();
        final WebhookAttempt after = attempt(healthy, customer);
        publish(after);

        // then
        try (TopicRecords deliveries = new TopicRecords(bootstrapServers, TopicNames.WEBHOOK_DELIVERIES)) {
            deliveries.awaitKeyed(customer, 2);
        }
        assertThat(receiver.requestsTo("/once")).extracting(Request::webhookId)
                .containsExactly(before.getMessage().getId(), after.getMessage().getId());
    }

    @Test
    void anEndpointThatNeverAnswersDoesNotSlowDownAHealthyOne() {
        // given: a sender warmed up on the healthy endpoint, with limits that let 200 attempts a second through
        final WebhookEndpoint healthy = register(endpoint("/fast"));
        final WebhookEndpoint hanging = register(endpoint("/hanging"));
        receiver.hold("/hanging");
        startSender(EndpointLimits.of(EndpointLimits.DEFAULT_MAX_IN_FLIGHT, 500));
        final int count = 200;
        publishEvery5Ms(count, i -> List.of(attempt(healthy, unique("customer"))));
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/fast").size() == count);

        // when: 200 more to the healthy endpoint, and one to the hanging endpoint after every tenth:
        // more than its requests in flight, so some of those wait for room as well
        final Map<String, Instant> producedAt = publishEvery5Ms(count, i -> i % 10 == 0
                ? List.of(attempt(healthy, unique("customer")), attempt(hanging, unique("customer")))
                : List.of(attempt(healthy, unique("customer"))));

        // then
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/fast").size() == 2 * count);
        // the hanging endpoint got no more than its requests in flight; its other attempts wait for room
        assertThat(receiver.requestsTo("/hanging")).hasSize(EndpointLimits.DEFAULT_MAX_IN_FLIGHT);
        final List<Long> latencies = receiver.requestsTo("/fast").stream()
                .filter(request -> producedAt.containsKey(request.webhookId()))
                .map(request -> Duration.between(producedAt.get(request.webhookId()), request.receivedAt()).toMillis())
                .sorted()
                .toList();
        assertThat(latencies).hasSize(count);
        final long p99 = latencies.get((int) Math.ceil(count * 0.99) - 1);
        assertThat(p99).as("p99 latency in ms; all: %s", latencies).isLessThan(100);
    }

    // ---- helpers

    private RunningSender startSender() {
        return startSender(EndpointLimits.defaults());
    }

    private RunningSender startSender(final EndpointLimits limits) {
        final RunningSender sender = new RunningSender(endpoints, limits);
        senders.add(sender);
        return sender;
    }

    private WebhookEndpoint endpoint(final String path) {
        return WebhookEndpoint.newBuilder()
                .setId(unique("ep"))
                .setTenantId(tenant)
                .setUrl(receiver.url(path))
                .setEventTypes(List.of("*"))
                .setSecret(newSecret())
                .setEnabled(true)
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private WebhookEndpoint register(final WebhookEndpoint endpoint) {
        endpoints.put(endpoint.getId(), endpoint);
        return endpoint;
    }

    private WebhookAttempt attempt(final WebhookEndpoint endpoint, final String subject) {
        final String messageId = unique("evt");
        final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return WebhookAttempt.newBuilder()
                .setAttemptId(unique("attempt"))
                .setEndpointId(endpoint.getId())
                .setAttempt(1)
                .setMessage(WebhookMessage.newBuilder()
                        .setId(messageId)
                        .setTenantId(tenant)
                        .setSubject(subject)
                        .setType("kyc.created")
                        .setSequence(1)
                        .setOccurredAt(now)
                        .setPayload("{\"id\":\"" + messageId + "\",\"type\":\"kyc.created\"}")
                        .build())
                .setRequestedAt(now)
                .build();
    }

    /** The outcome the sender logged for the attempt, once it is there. */
    private static WebhookDelivery deliveryOf(final WebhookAttempt attempt) {
        try (TopicRecords deliveries = new TopicRecords(bootstrapServers, TopicNames.WEBHOOK_DELIVERIES)) {
            final ConsumerRecord<byte[], byte[]> record = deliveries.awaitFirst(r -> new String(r.key(), StandardCharsets.UTF_8)
                    .equals(attempt.getMessage().getSubject()) && delivery(r).getAttemptId().equals(attempt.getAttemptId()));
            return delivery(record);
        }
    }

    private static WebhookDelivery delivery(final ConsumerRecord<byte[], byte[]> record) {
        return TOPICS.webhookDeliveries().valueSerde().deserializer().deserialize(TopicNames.WEBHOOK_DELIVERIES, record.value());
    }

    private static void publish(final WebhookAttempt attempt) {
        final String topic = TOPICS.webhookAttempts().name();
        send(new ProducerRecord<>(topic, key(attempt.getMessage().getSubject()),
                TOPICS.webhookAttempts().valueSerde().serializer().serialize(topic, attempt)));
    }

    /**
     * Publishes the attempts made for each of {@code rounds} rounds, a round every 5 ms, without
     * waiting for the broker; answers when each message was handed to the producer, by message id.
     */
    private static Map<String, Instant> publishEvery5Ms(final int rounds, final IntFunction<List<WebhookAttempt>> round) {
        final Map<String, Instant> producedAt = new ConcurrentHashMap<>();
        final long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            LockSupport.parkNanos(start + TimeUnit.MILLISECONDS.toNanos(5L * i) - System.nanoTime());
            for (WebhookAttempt attempt : round.apply(i)) {
                producedAt.put(attempt.getMessage().getId(), Instant.now());
                publishAsync(attempt);
            }
        }
        producer.flush();
        return producedAt;
    }

    private static void publishAsync(final WebhookAttempt attempt) {
        final String topic = TOPICS.webhookAttempts().name();
        producer.send(new ProducerRecord<>(topic, key(attempt.getMessage().getSubject()),
                TOPICS.webhookAttempts().valueSerde().serializer().serialize(topic, attempt)));
    }

    private static void send(final ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] key(final String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static String unique(final String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String newSecret() {
        final byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** An {@link AttemptSender} on its own thread, with the clients and executor it needs. */
    private static final class RunningSender implements AutoCloseable {

        private final KafkaProducer<byte[], byte[]> outcomes;
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        private final WebhookSender http = WebhookSender.create(POLICY, Clock.systemUTC());
        private final AttemptSender sender;
        private final Thread thread;
        private boolean closed;

        RunningSender(final EndpointTable endpoints, final EndpointLimits limits) {
            final KafkaClients clients = new KafkaClients(bootstrapServers);
            outcomes = new KafkaProducer<>(clients.producer("attempt-sender"), new ByteArraySerializer(), new ByteArraySerializer());
            sender = new AttemptSender(
                    new KafkaConsumer<>(AttemptSender.consumerConfig(clients, "attempt-sender"),
                            new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                    outcomes, TOPICS, endpoints, http, limits, scheduler, Clock.systemUTC(), AttemptSender.DEFAULT_MAX_IN_FLIGHT,
                    new WebhookMeters(new SimpleMeterRegistry(), Clock.systemUTC()));
            thread = new Thread(sender, "attempt-sender");
            thread.start();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            sender.stop();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler.shutdownNow();
            outcomes.close(Duration.ofSeconds(5));
            http.close();
        }
    }
}
