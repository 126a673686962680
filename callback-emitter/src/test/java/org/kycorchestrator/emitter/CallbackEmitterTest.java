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
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.junit.jupiter.api.io.TempDir;
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
import org.kycorchestrator.emitter.messages.WebhookMessages;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.ReplayRequest;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;
import org.kycorchestrator.schemas.webhooks.WebhookRequest;
import org.kycorchestrator.schemas.webhooks.WebhookRequestType;

/**
 * The emitter, every part of it, against the real shared broker and a real HTTP receiver. The broker, its topics and
 * the emitter's consumer group outlive each test, so every test uses its own tenants, customers and
 * endpoints.
 */
@ExtendWith(SharedKafka.class)
class CallbackEmitterTest {

    private static final KycTopics TOPICS = new KycTopics(new InMemorySchemaRegistryClient());
    private static final String SCHEDULE = "0s,200ms,200ms";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dataDir;

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
        emitter = new CallbackEmitter(config(Map.of()), new KafkaClients(bootstrapServers), TOPICS);
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
            assertThat(letter.getSourceTopic()).isEqualTo(TopicNames.WEBHOOK_ATTEMPTS);
            assertThat(letter.getReason()).contains(down.getId()).contains("3 attempt(s)").contains("HTTP 500");
            final WebhookMessage message = TOPICS.serde(WebhookMessage.class).deserializer()
                    .deserialize(TopicNames.WEBHOOKS_DLQ, bytes(letter.getPayload()));
            assertThat(message).isEqualTo(WebhookMessages.fromStatus(first));
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
            assertThat(letter.getReason()).startsWith("unreadable record");
            assertThat(bytes(letter.getPayload())).isEqualTo(garbage);
        }
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/after-garbage").size() == 1);
        assertThat(receiver.requestsTo("/after-garbage").get(0).webhookId()).isEqualTo(event.getEventId());
    }

    @Test
    void aRetryWaitingWhenTheEmitterStopsIsMadeByTheRestartedEmitterAtItsTime() {
        // given: a first attempt failed, and the next is due three seconds later
        register(endpoint(tenant, "/restart", newSecret()));
        receiver.answer("/restart", 500, 200);
        startEmitter("0s,3s");
        final KycStatusEvent event = event(tenant, customer, 1, null, KycState.CREATED);
        publish(event);
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/restart").size() == 1);
        final Instant firstAttempt = receiver.requestsTo("/restart").get(0).receivedAt();

        // when
        emitter.close();
        startEmitter("0s,3s");

        // then: the second attempt came from the stored queue, on time; the first was not made again
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/restart").size() == 2);
        final List<Request> attempts = receiver.requestsTo("/restart");
        assertThat(attempts).extracting(Request::answeredWith).containsExactly(500, 200);
        assertThat(attempts).extracting(Request::webhookId).containsOnly(event.getEventId());
        assertThat(Duration.between(firstAttempt, attempts.get(1).receivedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void whileAWebhookWaitsForItsRetryTheCustomersLaterEventsWaitBehindItButOtherCustomersDoNot() {
        // given: the first event of one customer fails once and waits two seconds for its retry
        register(endpoint(tenant, "/queued", newSecret()));
        final String other = unique("customer");
        startEmitter("0s,2s");
        final KycStatusEvent first = event(tenant, customer, 1, null, KycState.CREATED);
        receiver.answerFirst("/queued", first.getEventId(), 503);

        // when
        publish(first);
        final KycStatusEvent second = event(tenant, customer, 2, KycState.CREATED, KycState.KYC_PENDING);
        publish(second);
        final KycStatusEvent othersEvent = event(tenant, other, 1, null, KycState.CREATED);
        publish(othersEvent);

        // then: the other customer's event is delivered at once, this customer's in order after the retry
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/queued").stream().anyMatch(r -> r.webhookId().equals(othersEvent.getEventId())));
        assertThat(receiver.requestsTo("/queued")).noneMatch(r -> r.webhookId().equals(second.getEventId()));
        await().atMost(TIMEOUT).until(() -> delivered("/queued", customer).size() == 2);
        assertThat(delivered("/queued", customer)).extracting(Request::webhookId).containsExactly(first.getEventId(), second.getEventId());
    }

    @Test
    void theReceiverGoesDownForAWhileAndOnceBackGetsEveryEventInOrderUnderTheSameWebhookIds() {
        // given
        final WebhookEndpoint endpoint = register(endpoint(tenant, "/outage", newSecret()));
        startEmitter("0s,500ms,1s,1s,1s,1s,1s,1s,1s,1s");
        final List<String> customers = List.of(unique("customer"), unique("customer"), unique("customer"));

        // when: the receiver goes away, events go out, and it comes back on the same address
        final int port = receiver.port();
        receiver.close();
        final List<KycStatusEvent> events = new ArrayList<>();
        for (long sequence = 1; sequence <= 3; sequence++) {
            for (String customerId : customers) {
                final KycStatusEvent event = event(tenant, customerId, sequence, null, KycState.CREATED);
                events.add(event);
                publish(event);
            }
        }
        try (TopicRecords deliveries = new TopicRecords(bootstrapServers, TopicNames.WEBHOOK_DELIVERIES)) {
            // each customer's first webhook has failed at least twice by now
            for (String customerId : customers) {
                deliveries.awaitKeyed(customerId, 2);
            }
        }
        receiver = WebhookReceiver.start(port);

        // then
        await().atMost(TIMEOUT).until(() -> customers.stream().allMatch(c -> delivered("/outage", c).size() == 3));
        for (String customerId : customers) {
            assertThat(delivered("/outage", customerId)).extracting(r -> r.json().path("data").path("sequence").asLong())
                    .containsExactly(1L, 2L, 3L);
        }
        assertThat(receiver.requestsTo("/outage")).allSatisfy(request ->
                assertThatCode(() -> new Webhook(endpoint.getSecret()).verify(request.body(), request.headers())).doesNotThrowAnyException());
        try (TopicRecords deliveries = new TopicRecords(bootstrapServers, TopicNames.WEBHOOK_DELIVERIES)) {
            final KycStatusEvent firstOfFirst = events.get(0);
            final List<WebhookDelivery> attempts = deliveries.awaitKeyed(firstOfFirst.getCustomerId(), 3).stream()
                    .map(r -> TOPICS.webhookDeliveries().valueSerde().deserializer().deserialize(r.topic(), r.value()))
                    .filter(d -> d.getMessageId().equals(firstOfFirst.getEventId()))
                    .toList();
            assertThat(attempts).as("failed attempts and the delivered one, all of one webhook").hasSizeGreaterThanOrEqualTo(3);
            assertThat(attempts).extracting(WebhookDelivery::getAttempt).startsWith(1, 2, 3);
            assertThat(attempts.get(attempts.size() - 1).getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
        }
    }

    @Test
    void oneEndpointHangingDoesNotSlowAHealthyOne() {
        // given: every request to one endpoint hangs; another endpoint of the same tenant is healthy
        register(endpoint(tenant, "/hanging", newSecret()));
        register(WebhookEndpoint.newBuilder(endpoint(tenant, "/healthy", newSecret())).setRatePerSecond(1_000).build());
        receiver.hold("/hanging");
        startEmitter(SCHEDULE);
        final int warmUp = 100;
        final int measured = 200;
        final Map<String, Instant> published = new java.util.concurrent.ConcurrentHashMap<>();
        // the first events only warm the JVM and the clients up: they are not measured
        publishSpread(warmUp, published);
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/healthy").size() == warmUp);

        // when: a stream of events for many customers
        publishSpread(measured, published);

        // then
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/healthy").size() == warmUp + measured);
        final List<Long> latencies = receiver.requestsTo("/healthy").stream().skip(warmUp)
                .map(r -> Duration.between(published.get(r.webhookId()), r.receivedAt()).toMillis())
                .sorted().toList();
        final long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
        assertThat(p99).as("healthy endpoint's p99 latency in ms, while %d requests hang", receiver.requestsTo("/hanging").size())
                .isLessThan(100);
        receiver.release("/hanging");
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
    void aDisabledEndpointGetsNothingAndOnceEnabledGetsWhatItMissedInOrderThenNewEvents() {
        // given
        final WebhookEndpoint switched = endpoint(tenant, "/switched", newSecret());
        switched.setEnabled(false);
        register(switched);
        register(endpoint(tenant, "/always", newSecret()));
        startEmitter(SCHEDULE);

        // when: disabled, two events go out; the always-enabled sibling receiving them shows they were handled
        final KycStatusEvent first = event(tenant, customer, 1, null, KycState.CREATED);
        final KycStatusEvent second = event(tenant, customer, 2, KycState.CREATED, KycState.KYC_PENDING);
        publish(first);
        publish(second);
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/always").size() == 2);

        // then
        assertThat(receiver.requestsTo("/switched")).isEmpty();

        // when: enabled again, as the API does it
        enable(switched);
        final KycStatusEvent third = event(tenant, customer, 3, KycState.KYC_PENDING, KycState.VERIFICATION_IN_PROGRESS);
        publish(third);

        // then
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/switched").size() == 3);
        assertThat(receiver.requestsTo("/switched")).extracting(Request::webhookId)
                .containsExactly(first.getEventId(), second.getEventId(), third.getEventId());
    }

    @Test
    void anEndpointAnsweringGoneIsDisabledOnTheTopicKeepsItsWebhooksAndGetsThemOnceEnabled() {
        // given
        final WebhookEndpoint leaving = register(endpoint(tenant, "/leaving", newSecret()));
        register(endpoint(tenant, "/staying", newSecret()));
        receiver.answer("/leaving", 410, 200);
        startEmitter(SCHEDULE);

        // when
        final KycStatusEvent first = event(tenant, customer, 1, null, KycState.CREATED);
        publish(first);

        // then: the endpoint was tried once, and its record is written again, disabled as gone
        try (TopicRecords endpointRecords = new TopicRecords(bootstrapServers, TopicNames.WEBHOOK_ENDPOINTS)) {
            final List<ConsumerRecord<byte[], byte[]>> records = endpointRecords.awaitKeyed(leaving.getId(), 2);
            final WebhookEndpoint last = TOPICS.webhookEndpoints().valueSerde().deserializer()
                    .deserialize(TopicNames.WEBHOOK_ENDPOINTS, records.get(records.size() - 1).value());
            assertThat(last.getEnabled()).isFalse();
            assertThat(last.getDisabledReason()).isEqualTo("gone");
        }
        assertThat(receiver.requestsTo("/leaving")).hasSize(1);

        // when: a later event, once the emitter has read the disabled record back
        await().atMost(TIMEOUT).until(() -> emitter.endpoints().find(leaving.getId()).map(e -> !e.getEnabled()).orElse(false));
        final KycStatusEvent second = event(tenant, customer, 2, KycState.CREATED, KycState.KYC_PENDING);
        publish(second);

        // then: its sibling receiving it shows it was handled, and the gone endpoint got nothing more
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/staying").size() == 2);
        assertThat(receiver.requestsTo("/leaving")).hasSize(1);

        // when: the merchant enables it again
        enable(leaving);

        // then: what it missed arrives, in order, the first webhook under its own id again
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/leaving").size() == 3);
        assertThat(receiver.requestsTo("/leaving")).extracting(Request::webhookId)
                .containsExactly(first.getEventId(), first.getEventId(), second.getEventId());
    }

    @Test
    void anEndpointFailingEveryAttemptForTooLongIsDisabledAndItsTenantIsTold() {
        // given: an endpoint that always fails, a watcher of the same tenant, and a one-second limit
        final WebhookEndpoint broken = register(endpoint(tenant, "/broken", newSecret()));
        register(WebhookEndpoint.newBuilder(endpoint(tenant, "/watcher", newSecret()))
                .setEventTypes(List.of("webhook_endpoint.disabled")).build());
        receiver.answer("/broken", 500);
        startEmitter(Map.of("KYC_WEBHOOK_RETRY_SCHEDULE", "0s,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
                "KYC_WEBHOOK_DISABLE_AFTER", "1s"));

        // when
        publish(event(tenant, customer, 1, null, KycState.CREATED));

        // then: the endpoint is written disabled for failing, and the tenant's watcher hears of it
        await().atMost(TIMEOUT).until(() -> emitter.endpoints().find(broken.getId()).map(e -> !e.getEnabled()).orElse(false));
        assertThat(emitter.endpoints().find(broken.getId()).orElseThrow().getDisabledReason()).isEqualTo("failing");
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/watcher").size() == 1);
        final Request told = receiver.requestsTo("/watcher").get(0);
        assertThat(told.json().path("type").asText()).isEqualTo("webhook_endpoint.disabled");
        assertThat(told.json().path("data").path("endpointId").asText()).isEqualTo(broken.getId());
        assertThat(told.json().path("data").path("tenantId").asText()).isEqualTo(tenant);
        final int attemptsWhenDisabled = receiver.requestsTo("/broken").size();
        assertThat(attemptsWhenDisabled).isBetween(3, 10);
    }

    @Test
    void aReplayOfTheDeadLettersDeliversThemAgainInOrder() {
        // given: two webhooks of one customer given up after every attempt failed
        final WebhookEndpoint endpoint = register(endpoint(tenant, "/replayed", newSecret()));
        receiver.answer("/replayed", 500);
        startEmitter(SCHEDULE);
        final KycStatusEvent first = event(tenant, customer, 1, null, KycState.CREATED);
        final KycStatusEvent second = event(tenant, customer, 2, KycState.CREATED, KycState.KYC_PENDING);
        publish(first);
        publish(second);
        try (TopicRecords deadLetters = new TopicRecords(bootstrapServers, TopicNames.WEBHOOKS_DLQ)) {
            deadLetters.awaitKeyed(customer, 2);
        }
        final int failedAttempts = receiver.requestsTo("/replayed").size();

        // when: the endpoint works again and the merchant replays its dead letters
        receiver.answer("/replayed", 200);
        final ReplayRequest replay = ReplayRequest.newBuilder().setReplayId(unique("replay")).setTenantId(tenant)
                .setEndpointId(endpoint.getId()).setDeadLetters(true).setRequestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
        send(new ProducerRecord<>(TopicNames.WEBHOOK_REPLAYS, key(endpoint.getId()),
                TOPICS.webhookReplays().valueSerde().serializer().serialize(TopicNames.WEBHOOK_REPLAYS, replay)));

        // then
        await().atMost(TIMEOUT).until(() -> receiver.requestsTo("/replayed").size() == failedAttempts + 2);
        assertThat(receiver.requestsTo("/replayed").subList(failedAttempts, failedAttempts + 2))
                .extracting(Request::webhookId).containsExactly(first.getEventId(), second.getEventId());
    }

    private static WebhookEndpoint rotated(final WebhookEndpoint endpoint, final String previousSecret, final Instant previousExpiresAt) {
        return WebhookEndpoint.newBuilder(endpoint)
                .setPreviousSecret(previousSecret)
                .setPreviousSecretExpiresAt(previousExpiresAt.truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private void startEmitter() {
        startEmitter(SCHEDULE);
    }

    private void startEmitter(final String schedule) {
        startEmitter(Map.of("KYC_WEBHOOK_RETRY_SCHEDULE", schedule));
    }

    private void startEmitter(final Map<String, String> settings) {
        emitter = new CallbackEmitter(config(settings), new KafkaClients(bootstrapServers), TOPICS);
        emitter.start();
        await().atMost(TIMEOUT).until(emitter::isReady);
    }

    private static Config config(final Map<String, String> settings) {
        final Map<String, String> all = new java.util.HashMap<>(Map.of(
                "KYC_DATA_DIR", dataDir.toString(),
                // the receivers listen on localhost
                "KYC_WEBHOOK_ALLOW_PRIVATE", "true",
                "KYC_WEBHOOK_RETRY_SCHEDULE", SCHEDULE));
        all.putAll(settings);
        return Config.of(all);
    }

    /** Enables the endpoint as the API does: the record, then a release on every partition of the requests. */
    private static void enable(final WebhookEndpoint endpoint) {
        register(WebhookEndpoint.newBuilder(endpoint).setEnabled(true).setDisabledReason(null).setDisabledAt(null)
                .setEnabledAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build());
        final WebhookRequest release = WebhookRequest.newBuilder().setType(WebhookRequestType.RELEASE).setEndpointId(endpoint.getId())
                .setRequestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
        final byte[] value = TOPICS.webhookRequests().valueSerde().serializer().serialize(TopicNames.WEBHOOK_REQUESTS, release);
        for (int partition = 0; partition < producer.partitionsFor(TopicNames.WEBHOOK_REQUESTS).size(); partition++) {
            send(new ProducerRecord<>(TopicNames.WEBHOOK_REQUESTS, partition, key(endpoint.getId()), value));
        }
    }

    /** The requests to {@code path} about one customer that were answered with a 2xx, in arrival order. */
    private List<Request> delivered(final String path, final String customerId) {
        return receiver.requestsTo(path).stream()
                .filter(r -> r.answeredWith() / 100 == 2)
                .filter(r -> customerId.equals(r.json().path("data").path("customerId").asText()))
                .toList();
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

    /**
     * Publishes events of new customers, about 40 a second, noting when each was sent. The rate is a
     * busy merchant's, well within what this two-core test JVM (broker, emitter and receiver in one)
     * serves without queueing, so that what is measured is the hanging endpoint's effect, not the
     * machine's throughput; throughput is the benchmark's business.
     */
    private void publishSpread(final int count, final Map<String, Instant> published) {
        for (int i = 0; i < count; i++) {
            final KycStatusEvent event = event(tenant, unique("customer"), 1, null, KycState.CREATED);
            published.put(event.getEventId(), Instant.now());
            producer.send(new ProducerRecord<>(TopicNames.STATUS, key(event.getCustomerId()), statusValue(event)));
            await().pollDelay(Duration.ofMillis(25)).atMost(Duration.ofSeconds(1)).until(() -> true);
        }
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
