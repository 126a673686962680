package org.kycorchestrator.emitter.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.emitter.messages.WebhookMessages;
import org.kycorchestrator.kafka.DeadLetters;
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
import org.kycorchestrator.schemas.webhooks.ReplayRequest;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;
import org.kycorchestrator.schemas.webhooks.WebhookRequest;
import org.kycorchestrator.schemas.webhooks.WebhookRequestType;

/**
 * Replay jobs against the real shared broker. Its topics and the replay consumer group outlive each
 * test, so every test uses its own tenants, customers and endpoints, and reads back only the
 * requests keyed by its own customers. A replay is done once the group committed past it.
 */
@ExtendWith(SharedKafka.class)
class ReplayJobsTest {

    private static final KycTopics TOPICS = new KycTopics(new InMemorySchemaRegistryClient());
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String COMPONENT = "callback-emitter";

    private static String bootstrapServers;
    private static KafkaProducer<byte[], byte[]> producer;
    private static Admin admin;

    private final String tenant = unique("tenant");
    private final EndpointTable endpoints = new EndpointTable();
    private ReplayJobs jobs;
    private Thread thread;

    @BeforeAll
    static void createTopics(final EmbeddedKafkaBroker broker) {
        bootstrapServers = broker.bootstrapServers();
        admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        new TopicProvisioner(Config.of(Map.of())).provision(admin);
        producer = new KafkaProducer<>(new KafkaClients(bootstrapServers).producer("replay-jobs-test"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        admin.close();
    }

    @BeforeEach
    void startJobs() {
        endpoints.markCaughtUp();
        // A short grace, so that the unknown endpoint's request does not hold up the test.
        jobs = new ReplayJobs(new KafkaClients(bootstrapServers), TOPICS, endpoints, producer,
                new DeadLetters(COMPONENT, TOPICS, producer), Duration.ofMillis(300));
        thread = new Thread(jobs, "replay-jobs-test");
        thread.start();
    }

    @AfterEach
    void stopJobs() throws InterruptedException {
        jobs.stop();
        thread.join(TIMEOUT.toMillis());
    }

    @Test
    void aDeadLetterReplayRequeuesExactlyTheEndpointsLettersOfBothFormatsInOrder() {
        // given: letters of endpoints A and B; A's are in the scheduler's format and in the older one
        final WebhookEndpoint a = register(endpoint(tenant, "*"));
        final WebhookEndpoint b = register(endpoint(tenant, "*"));
        final String first = unique("customer");
        final String second = unique("customer");
        final WebhookMessage a1 = WebhookMessages.fromStatus(event(tenant, first, 1, KycState.CREATED));
        final KycStatusEvent a2 = event(tenant, first, 2, KycState.KYC_PENDING);
        final WebhookMessage a3 = WebhookMessages.fromStatus(event(tenant, second, 1, KycState.CREATED));
        final WebhookMessage b1 = WebhookMessages.fromStatus(event(tenant, first, 3, KycState.APPROVED));
        deadLetter(a.getId(), a1);
        deadLetter(b.getId(), b1);
        oldDeadLetter(a.getId(), a2);
        unreadableDeadLetter(a.getId(), first);
        deadLetter(a.getId(), a3);

        // when
        awaitDone(replay(deadLettersOf(a, null)));

        // then
        final Map<String, List<WebhookRequest>> requests = requestsBySubject(first, second);
        assertThat(requests.get(first)).extracting(WebhookRequest::getMessage)
                .containsExactly(a1, WebhookMessages.fromStatus(a2));
        assertThat(requests.get(second)).extracting(WebhookRequest::getMessage).containsExactly(a3);
        assertThat(requests.values()).flatExtracting(r -> r).allSatisfy(request -> {
            assertThat(request.getType()).isEqualTo(WebhookRequestType.REPLAY);
            assertThat(request.getEndpointId()).isEqualTo(a.getId());
            assertThat(request.getRequestedAt()).isNotNull();
        });
    }

    @Test
    void aReplaySinceATimeRequeuesTheTenantsSubscribedEventsFromThenInEachCustomersOrder() {
        // given: an endpoint subscribed to two event types, and events of two tenants before and after 'since'
        final WebhookEndpoint endpoint = register(endpoint(tenant, "kyc.created", "kyc.approved"));
        final String otherTenant = unique("tenant");
        final String first = unique("customer");
        final String second = unique("customer");
        final String othersCustomer = unique("customer");
        final RecordMetadata before = publish(event(tenant, first, 1, KycState.CREATED));
        final Instant since = Instant.ofEpochMilli(before.timestamp() + 1);
        await().atMost(TIMEOUT).until(() -> Instant.now().isAfter(since));
        final KycStatusEvent notSubscribed = event(tenant, first, 2, KycState.KYC_PENDING);
        final KycStatusEvent firstApproved = event(tenant, first, 3, KycState.APPROVED);
        final KycStatusEvent secondCreated = event(tenant, second, 1, KycState.CREATED);
        final KycStatusEvent othersCreated = event(otherTenant, othersCustomer, 1, KycState.CREATED);
        final KycStatusEvent secondApproved = event(tenant, second, 2, KycState.APPROVED);
        for (KycStatusEvent event : List.of(notSubscribed, firstApproved, secondCreated, othersCreated, secondApproved)) {
            publish(event);
        }

        // when
        awaitDone(replay(eventsOf(endpoint, since)));

        // then
        final Map<String, List<WebhookRequest>> requests = requestsBySubject(first, second, othersCustomer);
        assertThat(requests).containsOnlyKeys(first, second);
        assertThat(requests.get(first)).extracting(WebhookRequest::getMessage)
                .containsExactly(WebhookMessages.fromStatus(firstApproved));
        assertThat(requests.get(second)).extracting(WebhookRequest::getMessage)
                .containsExactly(WebhookMessages.fromStatus(secondCreated), WebhookMessages.fromStatus(secondApproved));
        assertThat(requests.values()).flatExtracting(r -> r).extracting(WebhookRequest::getEndpointId).containsOnly(endpoint.getId());
    }

    @Test
    void aReplayForAnUnknownEndpointOrAnotherTenantsEndpointRequeuesNothingAndTheNextReplayRuns() {
        // given: dead letters of an endpoint the emitter does not know, of another tenant's endpoint, and of ours
        final String unknownEndpoint = unique("ep");
        final WebhookEndpoint othersEndpoint = register(endpoint(unique("tenant"), "*"));
        final WebhookEndpoint ours = register(endpoint(tenant, "*"));
        final String unknownsCustomer = unique("customer");
        final String othersCustomer = unique("customer");
        final String ourCustomer = unique("customer");
        deadLetter(unknownEndpoint, WebhookMessages.fromStatus(event(tenant, unknownsCustomer, 1, KycState.CREATED)));
        deadLetter(othersEndpoint.getId(), WebhookMessages.fromStatus(
                event(othersEndpoint.getTenantId(), othersCustomer, 1, KycState.CREATED)));
        final WebhookMessage ourLetter = WebhookMessages.fromStatus(event(tenant, ourCustomer, 1, KycState.CREATED));
        deadLetter(ours.getId(), ourLetter);

        // when: our tenant asks for all three, one after the other on one partition
        replayOnPartitionZero(request(unknownEndpoint, true, null));
        replayOnPartitionZero(request(othersEndpoint.getId(), true, null));
        awaitDone(replayOnPartitionZero(request(ours.getId(), true, null)));

        // then
        final Map<String, List<WebhookRequest>> requests = requestsBySubject(unknownsCustomer, othersCustomer, ourCustomer);
        assertThat(requests).containsOnlyKeys(ourCustomer);
        assertThat(requests.get(ourCustomer)).extracting(WebhookRequest::getMessage).containsExactly(ourLetter);
    }

    @Test
    void aRecordThatIsNotAReplayRequestIsDeadLetteredAndTheNextReplayRuns() {
        // given
        final WebhookEndpoint endpoint = register(endpoint(tenant, "*"));
        final String customer = unique("customer");
        final WebhookMessage letter = WebhookMessages.fromStatus(event(tenant, customer, 1, KycState.CREATED));
        deadLetter(endpoint.getId(), letter);
        final String garbageKey = unique("ep");
        final byte[] garbage = "this is not Avro".getBytes(StandardCharsets.UTF_8);

        // when
        send(new ProducerRecord<>(TopicNames.WEBHOOK_REPLAYS, 0, key(garbageKey), garbage));
        awaitDone(replayOnPartitionZero(request(endpoint.getId(), true, null)));

        // then
        final List<ConsumerRecord<byte[], byte[]>> letters =
                TopicContents.keyedBy(bootstrapServers, TopicNames.deadLetters(COMPONENT), List.of(garbageKey));
        assertThat(letters).hasSize(1);
        final DeadLetter deadLetter = TOPICS.serde(DeadLetter.class).deserializer().deserialize(TopicNames.deadLetters(COMPONENT),
                letters.get(0).value());
        assertThat(deadLetter.getSourceTopic()).isEqualTo(TopicNames.WEBHOOK_REPLAYS);
        assertThat(deadLetter.getReason()).startsWith("cannot read a ReplayRequest");
        assertThat(bytes(deadLetter.getPayload())).isEqualTo(garbage);
        assertThat(requestsBySubject(customer).get(customer)).extracting(WebhookRequest::getMessage).containsExactly(letter);
    }

    private WebhookEndpoint register(final WebhookEndpoint endpoint) {
        endpoints.put(endpoint.getId(), endpoint);
        return endpoint;
    }

    private ReplayRequest deadLettersOf(final WebhookEndpoint endpoint, final Instant since) {
        return request(endpoint.getId(), true, since);
    }

    private ReplayRequest eventsOf(final WebhookEndpoint endpoint, final Instant since) {
        return request(endpoint.getId(), false, since);
    }

    private ReplayRequest request(final String endpointId, final boolean deadLetters, final Instant since) {
        return ReplayRequest.newBuilder()
                .setReplayId(unique("replay"))
                .setTenantId(tenant)
                .setEndpointId(endpointId)
                .setDeadLetters(deadLetters)
                .setSince(since)
                .setRequestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static RecordMetadata replay(final ReplayRequest request) {
        return send(new ProducerRecord<>(TopicNames.WEBHOOK_REPLAYS, key(request.getEndpointId()), replayValue(request)));
    }

    private static RecordMetadata replayOnPartitionZero(final ReplayRequest request) {
        return send(new ProducerRecord<>(TopicNames.WEBHOOK_REPLAYS, 0, key(request.getEndpointId()), replayValue(request)));
    }

    private static byte[] replayValue(final ReplayRequest request) {
        return TOPICS.webhookReplays().valueSerde().serializer().serialize(TopicNames.WEBHOOK_REPLAYS, request);
    }

    /** Waits until the replay group committed past the request, which it does once every webhook was requeued. */
    private static void awaitDone(final RecordMetadata request) {
        final TopicPartition partition = new TopicPartition(request.topic(), request.partition());
        await().atMost(TIMEOUT).until(() -> {
            final OffsetAndMetadata committed = admin.listConsumerGroupOffsets(ReplayJobs.GROUP_ID)
                    .partitionsToOffsetAndMetadata().get().get(partition);
            return committed != null && committed.offset() > request.offset();
        });
    }

    /** The requests on kyc.webhooks.requests keyed by these customers, each customer's in offset order. */
    private static Map<String, List<WebhookRequest>> requestsBySubject(final String... subjects) {
        final Map<String, List<WebhookRequest>> requests = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicContents.keyedBy(bootstrapServers, TopicNames.WEBHOOK_REQUESTS, List.of(subjects))) {
            final WebhookRequest request = TOPICS.webhookRequests().valueSerde().deserializer().deserialize(record.topic(), record.value());
            requests.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(request);
        }
        return requests;
    }

    /** A letter as the scheduler writes it: the webhook given up, from kyc.webhooks.attempts. */
    private static void deadLetter(final String endpointId, final WebhookMessage message) {
        final byte[] payload = TOPICS.serde(WebhookMessage.class).serializer().serialize(TopicNames.WEBHOOKS_DLQ, message);
        sendLetter(endpointId, message.getSubject(),
                DeadLetters.letter(COMPONENT, TopicNames.WEBHOOK_ATTEMPTS, -1, -1, message.getSubject(), payload, "gave up"));
    }

    /** A letter as the emitter wrote them before webhooks were scheduled: the status event, from kyc.status. */
    private static void oldDeadLetter(final String endpointId, final KycStatusEvent event) {
        final byte[] payload = TOPICS.status().valueSerde().serializer().serialize(TopicNames.STATUS, event);
        sendLetter(endpointId, event.getCustomerId(),
                DeadLetters.letter(COMPONENT, TopicNames.STATUS, 0, 42, event.getCustomerId(), payload, "gave up"));
    }

    private static void unreadableDeadLetter(final String endpointId, final String customerId) {
        final byte[] payload = "not a webhook".getBytes(StandardCharsets.UTF_8);
        sendLetter(endpointId, customerId,
                DeadLetters.letter(COMPONENT, TopicNames.WEBHOOK_ATTEMPTS, -1, -1, customerId, payload, "gave up"));
    }

    private static void sendLetter(final String endpointId, final String customerId, final DeadLetter letter) {
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TopicNames.WEBHOOKS_DLQ, key(customerId),
                TOPICS.serde(DeadLetter.class).serializer().serialize(TopicNames.WEBHOOKS_DLQ, letter));
        record.headers().add(DeadLetterSource.ENDPOINT_HEADER, endpointId.getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    private static RecordMetadata publish(final KycStatusEvent event) {
        return send(new ProducerRecord<>(TopicNames.STATUS, key(event.getCustomerId()),
                TOPICS.status().valueSerde().serializer().serialize(TopicNames.STATUS, event)));
    }

    private static RecordMetadata send(final ProducerRecord<byte[], byte[]> record) {
        try {
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e);
        }
    }

    private static WebhookEndpoint endpoint(final String tenantId, final String... eventTypes) {
        return WebhookEndpoint.newBuilder()
                .setId(unique("ep"))
                .setTenantId(tenantId)
                .setUrl("https://merchant.example/hooks")
                .setEventTypes(List.of(eventTypes))
                .setSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .setEnabled(true)
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static KycStatusEvent event(final String tenantId, final String customerId, final long sequence, final KycState to) {
        return KycStatusEvent.newBuilder()
                .setEventId(unique("evt"))
                .setType("kyc." + to.name().toLowerCase())
                .setTenantId(tenantId)
                .setCustomerId(customerId)
                .setSequence(sequence)
                .setFrom(null)
                .setTo(to)
                .setReasonCodes(List.of())
                .setVendor(Vendor.XGATEWAY)
                .setVendorStatus(to.name())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] key(final String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static String unique(final String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
