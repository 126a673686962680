package org.kycorchestrator.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.emitter.WebhookReceiver.Request;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.kafka.TopicProvisioner;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * The emitter against the real shared broker and a real HTTP receiver. The broker, its topics and
 * the emitter's consumer group outlive each test, so every test uses its own tenants, customers and
 * endpoints.
 */
@ExtendWith(SharedKafka.class)
class CallbackEmitterTest {

    private static final KycTopics TOPICS = new KycTopics(new InMemorySchemaRegistryClient());
    private static final Config CONFIG = Config.of(Map.of("KYC_WEBHOOK_RETRY_SCHEDULE", "0s,200ms,200ms",
            // the receivers listen on localhost
            "KYC_WEBHOOK_ALLOW_PRIVATE", "true"));
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static String bootstrapServers;
    private static KafkaProducer<byte[], byte[]> producer;

    private final String tenant = unique("tenant");
    private final String customer = unique("customer");
    private WebhookReceiver receiver;
    private CallbackEmitter emitter;

    @BeforeAll
    static void createTopics(final EmbeddedKafkaBroker broker) {
        bootstrapServers = broker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            new TopicProvisioner(Config.of(Map.of())).provision(admin);
        }
        producer = new KafkaProducer<>(new KafkaClients(bootstrapServers).producer("callback-emitter-test"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @BeforeEach
    void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stopEverything() {
        if (emitter != null) {
            emitter.close();
        }
        receiver.close();
    }

    @Test
    void runsOnceStartedAndStopsWhenClosed() {
        // given
        emitter = new CallbackEmitter(CONFIG, new KafkaClients(bootstrapServers), TOPICS);
        assertThat(emitter.isRunning()).isFalse();

        // when
        emitter.start();

        // then
        assertThat(emitter.isRunning()).isTrue();
        emitter.close();
        assertThat(emitter.isRunning()).isFalse();
    }

    @Test
    void anEventReachesItsTenantsEndpointSignedAndNotAnotherTenantsEndpoint() throws Exception {
        // given
        final String otherTenant = unique("tenant");
        final String secret = newSecret();
        final WebhookEndpoint mine = register(endpoint(tenant, "/mine", secret));
        register(endpoint(otherTenant, "/other", newSecret()));
        startEmitter();

        // when: the other tenant's event follows ours on the same partition, so once it has arrived,
        // ours has been dealt with completely
        final KycStatusEvent event = event(tenant, customer, 1, KycState.CREATED, KycState.PENDING_KYC_DATA);
        final KycStatusEvent othersEvent = event(otherTenant, unique("customer"), 1, null, KycState.CREATED);
        publishToPartitionZero(event);
        publishToPartitionZero(othersEvent);

        // then
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/other").size() == 1
                && receiver.requestsTo("/mine").size() == 1);
        assertThat(receiver.requestsTo("/other")).extracting(Request::webhookId).containsExactly(othersEvent.getEventId());

        final Request request = receiver.requestsTo("/mine").get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.webhookId()).isEqualTo(event.getEventId());
        assertThatCode(() -> new Webhook(mine.getSecret()).verify(request.body(), request.headers()))
                .doesNotThrowAnyException();
        assertThat(request.json().path("type").asText()).isEqualTo("kyc.pending_kyc_data");
        assertThat(request.json().path("timestamp").asText()).isEqualTo(event.getOccurredAt().toString());
        assertThat(request.json().path("data").path("tenantId").asText()).isEqualTo(tenant);
        assertThat(request.json().path("data").path("customerId").asText()).isEqualTo(customer);
        assertThat(request.json().path("data").path("from").asText()).isEqualTo("CREATED");
        assertThat(request.json().path("data").path("to").asText()).isEqualTo("PENDING_KYC_DATA");
        assertThat(request.json().path("data").path("sequence").asLong()).isEqualTo(1);
    }

    @Test
    void aCustomersEventsArriveInSequenceOrder() {
        // given
        register(endpoint(tenant, "/ordered", newSecret()));
        startEmitter();

        // when
        publish(event(tenant, customer, 1, null, KycState.CREATED));
        publish(event(tenant, customer, 2, KycState.CREATED, KycState.KYC_PENDING));
        publish(event(tenant, customer, 3, KycState.KYC_PENDING, KycState.VERIFICATION_IN_PROGRESS));

        // then
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/ordered").size() == 3);
        assertThat(receiver.requestsTo("/ordered"))
                .extracting(r -> r.json().path("data").path("sequence").asLong())
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void aWebhookAnsweredWithAServerErrorIsRetriedWithTheSameWebhookId() throws Exception {
        // given
        final WebhookEndpoint flaky = register(endpoint(tenant, "/flaky", newSecret()));
        receiver.answer("/flaky", 500, 200);
        startEmitter();

        // when
        final KycStatusEvent event = event(tenant, customer, 1, null, KycState.CREATED);
        publish(event);

        // then
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/flaky").size() == 2);
        final List<Request> attempts = receiver.requestsTo("/flaky");
        assertThat(attempts).extracting(Request::answeredWith).containsExactly(500, 200);
        assertThat(attempts).extracting(Request::webhookId).containsOnly(event.getEventId());
        assertThatCode(() -> new Webhook(flaky.getSecret()).verify(attempts.get(1).body(), attempts.get(1).headers()))
                .doesNotThrowAnyException();
    }

    @Test
    void aWebhookThatKeepsFailingIsDeadLetteredAndLaterEventsStillFlow() {
        // given
        final WebhookEndpoint down = register(endpoint(tenant, "/down", newSecret()));
        register(endpoint(tenant, "/up", newSecret()));
        receiver.answer("/down", 500);
        startEmitter();

        // when
        final KycStatusEvent first = event(tenant, customer, 1, null, KycState.CREATED);
        final KycStatusEvent second = event(tenant, customer, 2, KycState.CREATED, KycState.KYC_PENDING);
        publish(first);
        publish(second);

        // then
        try (TopicRecords deadLetters = new TopicRecords(bootstrapServers, TopicNames.WEBHOOKS_DLQ)) {
            final DeadLetter letter = deadLetter(deadLetters.awaitKeyed(customer, 1).get(0));
            assertThat(letter.getComponent()).isEqualTo("callback-emitter");
            assertThat(letter.getSourceTopic()).isEqualTo(TopicNames.STATUS);
            assertThat(letter.getReason()).contains(down.getId()).contains("3 attempt(s)").contains("HTTP 500");
            assertThat(TOPICS.status().valueSerde().deserializer().deserialize(TopicNames.STATUS, bytes(letter.getPayload())))
                    .isEqualTo(first);
        }
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/up").size() == 2);
        assertThat(receiver.requestsTo("/up")).extracting(Request::webhookId)
                .containsExactly(first.getEventId(), second.getEventId());
        assertThat(receiver.requestsTo("/down")).filteredOn(r -> r.webhookId().equals(first.getEventId())).hasSize(3);
    }

    @Test
    void aRecordThatIsNotAStatusEventIsDeadLetteredAndLaterEventsStillFlow() {
        // given
        register(endpoint(tenant, "/after-garbage", newSecret()));
        startEmitter();
        final byte[] garbage = "this is not Avro".getBytes(StandardCharsets.UTF_8);

        // when
        send(new ProducerRecord<>(TopicNames.STATUS, key(customer), garbage));
        final KycStatusEvent event = event(tenant, customer, 1, null, KycState.CREATED);
        publish(event);

        // then
        try (TopicRecords deadLetters = new TopicRecords(bootstrapServers, TopicNames.deadLetters("callback-emitter"))) {
            final DeadLetter letter = deadLetter(deadLetters.awaitKeyed(customer, 1).get(0));
            assertThat(letter.getSourceTopic()).isEqualTo(TopicNames.STATUS);
            assertThat(letter.getReason()).startsWith("cannot read a KycStatusEvent");
            assertThat(bytes(letter.getPayload())).isEqualTo(garbage);
        }
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/after-garbage").size() == 1);
        assertThat(receiver.requestsTo("/after-garbage").get(0).webhookId()).isEqualTo(event.getEventId());
    }

    @Test
    void anEventStillBeingRetriedWhenTheEmitterStopsIsDeliveredAgainAfterARestart() {
        // given: an emitter that waits an hour after the first failure
        register(endpoint(tenant, "/restart", newSecret()));
        receiver.answer("/restart", 500, 200);
        emitter = new CallbackEmitter(Config.of(Map.of("KYC_WEBHOOK_RETRY_SCHEDULE", "0s,1h", "KYC_WEBHOOK_ALLOW_PRIVATE", "true")),
                new KafkaClients(bootstrapServers), TOPICS);
        emitter.start();
        final KycStatusEvent event = event(tenant, customer, 1, null, KycState.CREATED);
        publish(event);
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/restart").size() == 1);

        // when
        emitter.close();
        startEmitter();

        // then
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/restart").size() == 2);
        assertThat(receiver.requestsTo("/restart")).extracting(Request::answeredWith).containsExactly(500, 200);
        assertThat(receiver.requestsTo("/restart")).extracting(Request::webhookId).containsOnly(event.getEventId());
    }

    @Test
    void duringASecretsOverlapBothSecretsVerifyAndAfterItOnlyTheNewOne() {
        // given: one endpoint whose rotation overlap still runs for an hour, one whose overlap is a second
        final String oldSecret = newSecret();
        final String newSecret = newSecret();
        register(rotated(endpoint(tenant, "/overlapping", newSecret), oldSecret, Instant.now().plus(Duration.ofHours(1))));
        final Instant shortOverlapEnds = Instant.now().plus(Duration.ofSeconds(1));
        register(rotated(endpoint(tenant, "/overlap-over", newSecret), oldSecret, shortOverlapEnds));
        startEmitter();
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(shortOverlapEnds));

        // when
        publish(event(tenant, customer, 1, null, KycState.CREATED));

        // then
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/overlapping").size() == 1
                && receiver.requestsTo("/overlap-over").size() == 1);
        final Request during = receiver.requestsTo("/overlapping").get(0);
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        assertThatCode(() -> new Webhook(newSecret).verify(during.body(), during.headers())).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(oldSecret).verify(during.body(), during.headers())).doesNotThrowAnyException();

        final Request after = receiver.requestsTo("/overlap-over").get(0);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        assertThatCode(() -> new Webhook(newSecret).verify(after.body(), after.headers())).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Webhook(oldSecret).verify(after.body(), after.headers()))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void aDisabledEndpointGetsNothingAndOnceEnabledAgainGetsNewEvents() {
        // given
        final WebhookEndpoint switched = endpoint(tenant, "/switched", newSecret());
        switched.setEnabled(false);
        register(switched);
        register(endpoint(tenant, "/always", newSecret()));
        startEmitter();

        // when: disabled, an event goes out; the always-enabled sibling receiving it shows it was handled
        final KycStatusEvent whileDisabled = event(tenant, customer, 1, null, KycState.CREATED);
        publish(whileDisabled);
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/always").size() == 1);

        // then
        assertThat(receiver.requestsTo("/switched")).isEmpty();

        // when: enabled again, once the emitter has seen it
        final WebhookEndpoint enabled = WebhookEndpoint.newBuilder(switched).setEnabled(true).build();
        register(enabled);
        await().atMost(TIMEOUT).until(() -> emitter.endpoints().find(enabled.getId()).map(WebhookEndpoint::getEnabled).orElse(false));
        final KycStatusEvent whileEnabled = event(tenant, customer, 2, KycState.CREATED, KycState.KYC_PENDING);
        publish(whileEnabled);

        // then
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/always").size() == 2);
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/switched").size() == 1);
        assertThat(receiver.requestsTo("/switched")).extracting(Request::webhookId).containsExactly(whileEnabled.getEventId());
    }

    @Test
    void anEndpointAnsweringGoneIsDisabledOnTheTopicAndGetsNoFurtherEvents() {
        // given
        final WebhookEndpoint leaving = register(endpoint(tenant, "/leaving", newSecret()));
        register(endpoint(tenant, "/staying", newSecret()));
        receiver.answer("/leaving", 410, 200);
        startEmitter();

        // when
        publish(event(tenant, customer, 1, null, KycState.CREATED));

        // then: the endpoint was tried once, and its record is written again, disabled
        try (TopicRecords endpointRecords = new TopicRecords(bootstrapServers, TopicNames.WEBHOOK_ENDPOINTS)) {
            final List<ConsumerRecord<byte[], byte[]>> records = endpointRecords.awaitKeyed(leaving.getId(), 2);
            final WebhookEndpoint last = TOPICS.webhookEndpoints().valueSerde().deserializer()
                    .deserialize(TopicNames.WEBHOOK_ENDPOINTS, records.get(records.size() - 1).value());
            assertThat(last).isEqualTo(WebhookEndpoint.newBuilder(leaving).setEnabled(false).build());
        }
        assertThat(receiver.requestsTo("/leaving")).hasSize(1);
        try (TopicRecords deadLetters = new TopicRecords(bootstrapServers, TopicNames.WEBHOOKS_DLQ)) {
            assertThat(deadLetters.awaitKeyed(customer, 1)).hasSize(1);
        }

        // when: a later event, once the emitter has read the disabled record back
        await().atMost(TIMEOUT).until(() -> emitter.endpoints().find(leaving.getId()).map(e -> !e.getEnabled()).orElse(false));
        publish(event(tenant, customer, 2, KycState.CREATED, KycState.KYC_PENDING));

        // then: its sibling receiving it shows it was handled, and the gone endpoint got nothing more
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/staying").size() == 2);
        assertThat(receiver.requestsTo("/leaving")).hasSize(1);
    }

    private static WebhookEndpoint rotated(final WebhookEndpoint endpoint, final String previousSecret, final Instant previousExpiresAt) {
        return WebhookEndpoint.newBuilder(endpoint)
                .setPreviousSecret(previousSecret)
                .setPreviousSecretExpiresAt(previousExpiresAt.truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private void startEmitter() {
        emitter = new CallbackEmitter(CONFIG, new KafkaClients(bootstrapServers), TOPICS);
        emitter.start();
    }

    private WebhookEndpoint endpoint(final String tenantId, final String path, final String secret) {
        return WebhookEndpoint.newBuilder()
                .setId(unique("ep"))
                .setTenantId(tenantId)
                .setUrl(receiver.url(path))
                .setEventTypes(List.of("*"))
                .setSecret(secret)
                .setEnabled(true)
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static WebhookEndpoint register(final WebhookEndpoint endpoint) {
        final String topic = TOPICS.webhookEndpoints().name();
        send(new ProducerRecord<>(topic, key(endpoint.getId()),
                TOPICS.webhookEndpoints().valueSerde().serializer().serialize(topic, endpoint)));
        return endpoint;
    }

    private static KycStatusEvent event(final String tenantId, final String customerId, final long sequence,
                                        final KycState from, final KycState to) {
        return KycStatusEvent.newBuilder()
                .setEventId(unique("evt"))
                .setType("kyc." + to.name().toLowerCase())
                .setTenantId(tenantId)
                .setCustomerId(customerId)
                .setSequence(sequence)
                .setFrom(from)
                .setTo(to)
                .setReasonCodes(List.of())
                .setVendor(Vendor.XGATEWAY)
                .setVendorStatus(to.name())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static void publish(final KycStatusEvent event) {
        send(new ProducerRecord<>(TopicNames.STATUS, key(event.getCustomerId()), statusValue(event)));
    }

    private static void publishToPartitionZero(final KycStatusEvent event) {
        send(new ProducerRecord<>(TopicNames.STATUS, 0, key(event.getCustomerId()), statusValue(event)));
    }

    private static byte[] statusValue(final KycStatusEvent event) {
        return TOPICS.status().valueSerde().serializer().serialize(TopicNames.STATUS, event);
    }

    private static void send(final ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e);
        }
    }

    private static DeadLetter deadLetter(final ConsumerRecord<byte[], byte[]> record) {
        return TOPICS.serde(DeadLetter.class).deserializer().deserialize(record.topic(), record.value());
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] key(final String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static String newSecret() {
        final byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static String unique(final String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
