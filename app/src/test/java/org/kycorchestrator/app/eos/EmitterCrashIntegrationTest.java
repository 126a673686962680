package org.kycorchestrator.app.eos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kycorchestrator.app.eos.OutageReceiver.Received;
import org.kycorchestrator.emitter.CallbackEmitter;
import org.kycorchestrator.emitter.CallbackEmitterMain;
import org.kycorchestrator.emitter.scheduling.WebhookScheduler;
import org.kycorchestrator.emitter.sending.AttemptSender;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At least once and in order, proven across a crash of the callback emitter. Fifty customers' status
 * events go out while the merchant's endpoint is down (a slow 503), so every customer's first webhook
 * is being retried and its later ones wait behind it in the scheduler's stores. The emitter, a process
 * of its own, is then killed with SIGKILL, with attempts in flight whose outcomes it will never
 * write down; the endpoint comes back; a new emitter process takes over, either on the killed one's
 * data directory or on a fresh one, whose state can only come back from the changelog topics. Every
 * event still reaches the endpoint, signed; each customer's webhooks are first accepted in sequence
 * order; and every request about an event carries the event id as its {@code webhook-id}, so that
 * the endpoint can drop the duplicates the crash causes. How many there were is logged, not
 * asserted: at least once allows any number.
 *
 * <p>The scheduler's and the sender's sessions are both 6 s ({@value AttemptSender#SESSION_TIMEOUT_CONFIG}),
 * so the successor takes their partitions over within seconds of the kill; the test holds it to
 * {@link #TAKEOVER_LIMIT}. Were the sender's session longer than the scheduler's (Kafka's default
 * is 45 s), no attempt would be made meanwhile, and the successor's scheduler would ask again, every
 * attempt deadline (10 s here), for the attempts whose results never came: each such request is sent
 * once a sender reads again, one more duplicate.
 */
class EmitterCrashIntegrationTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmitterCrashIntegrationTest.class);
    private static final int CUSTOMERS = 50;
    private static final List<KycState> STATES = List.of(KycState.CREATED, KycState.PENDING_KYC_DATA, KycState.KYC_PENDING,
            KycState.VERIFICATION_IN_PROGRESS);
    private static final int PARTITIONS = 6;
    private static final String TENANT = "emitter-crash-tenant";
    private static final String ENDPOINT_ID = "emitter-crash-endpoint";
    /** Eight attempts 2 s apart: room enough for the outage, the kill and the takeover, so nothing is given up. */
    private static final String RETRY_SCHEDULE = "0s,2s,2s,2s,2s,2s,2s,2s";
    private static final int REFUSALS_BEFORE_KILL = 2;
    /** The sessions (6 s), a JVM's start and a rebalance, with room to spare on a busy machine. */
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(30);

    /** Where the emitter that takes over keeps its state. */
    enum Restart {
        /** The killed process's directory: its RocksDB stores as the crash left them. */
        ON_THE_SAME_DATA_DIRECTORY,
        /** An empty one, as on a new machine: the stores are restored from their changelog topics alone. */
        ON_A_FRESH_DATA_DIRECTORY
    }

    @TempDir
    Path dir;

    private final List<ComponentProcess> emitters = new ArrayList<>();

    /** A failed run is only understood with the emitters' own logs, so their tails go to the report. */
    @RegisterExtension
    final TestExecutionExceptionHandler emitterLogsOnFailure = (context, failure) -> {
        emitters.forEach(e -> LOG.error("{}", e.logTail(80)));
        throw failure;
    };

    private final String secret = newSecret();
    private IsolatedCluster cluster;
    private OutageReceiver receiver;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void startClusterAndEndpoint() {
        // A broker of its own: the emitter's consumer groups have fixed ids, and a crash test must know every member.
        cluster = IsolatedCluster.start(dir, PARTITIONS);
        receiver = OutageReceiver.start(secret);
        producer = new KafkaProducer<>(cluster.clients().producer("emitter-crash-merchant"), new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterEach
    void stopEverything() {
        emitters.forEach(ComponentProcess::close);
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (receiver != null) {
            receiver.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "taken over {0}")
    @EnumSource(Restart.class)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyEventReachesTheEndpointFirstInSequenceOrderUnderItsEventIdThoughTheEmitterIsKilledMidRetry(final Restart restart) {
        final long begin = System.nanoTime();
        final EmitterGroups groups = new EmitterGroups(cluster.admin(), WebhookScheduler.DEFAULT_APPLICATION_ID);

        // given the merchant's endpoint, down for now, subscribed to every event of its tenant
        publish(List.of(record(cluster.topics().webhookEndpoints(), ENDPOINT_ID, endpoint())));

        // and an emitter process
        final Path firstDir = dir.resolve("emitter-1");
        final ComponentProcess first = launch("emitter-1", firstDir);
        awaitReady(first, groups, Set.of(), Duration.ofMinutes(1));
        final long firstReady = System.nanoTime();

        // when four status events of each of fifty customers are published
        final Map<String, List<KycStatusEvent>> events = publishEvents();
        final long published = System.nanoTime();

        // and the emitter is killed once every customer's first webhook has been refused at least twice:
        // it waits for its next attempt or is being tried, with the customer's later webhooks queued behind it
        await("every customer's first webhook is refused twice").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    first.checkAlive();
                    return everyFirstWebhookRefused(events, REFUSALS_BEFORE_KILL);
                });
        final Set<String> killedMembers = groups.memberIds();
        first.kill();
        final long killed = System.nanoTime();
        final int requestsBeforeKill = receiver.received().size();

        // and the endpoint comes back
        receiver.recover();

        // and a new emitter process starts
        final Path secondDir = restart == Restart.ON_THE_SAME_DATA_DIRECTORY ? firstDir : dir.resolve("emitter-2");
        final ComponentProcess second = launch("emitter-2", secondDir);

        // then it takes the killed one's partitions over soon after the kill
        awaitReady(second, groups, killedMembers, TAKEOVER_LIMIT);
        final long takenOver = System.nanoTime();

        // and every event is accepted by the endpoint
        final Set<String> eventIds = events.values().stream().flatMap(List::stream).map(KycStatusEvent::getEventId)
                .collect(Collectors.toSet());
        await("every event is accepted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    second.checkAlive();
                    return acceptedIds(receiver.received()).containsAll(eventIds);
                });
        final long accepted = System.nanoTime();
        awaitQuiet();
        final List<Received> received = receiver.received();
        final List<WebhookDelivery> deliveryLog = CommittedView.readAll(cluster.clients(), TopicNames.WEBHOOK_DELIVERIES,
                cluster.topics().webhookDeliveries().valueSerde().deserializer()).stream().map(ConsumerRecord::value).toList();
        report(restart, received, deliveryLog, requestsBeforeKill, begin, firstReady, published, killed, takenOver, accepted);

        // and every request was signed with the endpoint's secret
        assertThat(received).as("requests whose signature did not verify").filteredOn(r -> !r.verified()).isEmpty();

        // and every request about an event carried the event's id as its webhook-id
        assertThat(received).allSatisfy(request -> assertThat(request.webhookId())
                .as("webhook-id of %s's event %d", request.customerId(), request.sequence())
                .isEqualTo(events.get(request.customerId()).get((int) request.sequence() - 1).getEventId()));

        // and each customer's webhooks were first accepted in sequence order
        final Map<String, List<Long>> firstAcceptances = firstAcceptances(received);
        assertThat(firstAcceptances.keySet()).containsExactlyInAnyOrderElementsOf(events.keySet());
        assertThat(firstAcceptances).allSatisfy((customer, sequences) ->
                assertThat(sequences).as("%s's webhooks in the order first accepted", customer).containsExactly(1L, 2L, 3L, 4L));

        // and the delivery log, which merchants read, shows every event delivered
        assertThat(deliveryLog).filteredOn(d -> d.getOutcome() == DeliveryOutcome.DELIVERED)
                .extracting(WebhookDelivery::getMessageId).containsAll(eventIds);

        // and no webhook was given up, nor any record found unreadable
        assertThat(CommittedView.readAll(cluster.clients(), TopicNames.WEBHOOKS_DLQ, new ByteArrayDeserializer())).isEmpty();
        assertThat(CommittedView.readAll(cluster.clients(), TopicNames.deadLetters(CallbackEmitter.COMPONENT), new ByteArrayDeserializer()))
                .isEmpty();
    }

    private ComponentProcess launch(final String name, final Path processDir) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        env.put("KYC_SCHEMA_REGISTRY_URL", cluster.registryUrl());
        env.put("KYC_TOPIC_PARTITIONS", String.valueOf(PARTITIONS));
        // The endpoint listens on 127.0.0.1.
        env.put("KYC_WEBHOOK_ALLOW_PRIVATE", "true");
        env.put("KYC_WEBHOOK_RETRY_SCHEDULE", RETRY_SCHEDULE);
        env.put(WebhookScheduler.ATTEMPT_DEADLINE, "10s");
        env.put(AttemptSender.SESSION_TIMEOUT_CONFIG, "6s");
        final ComponentProcess emitter = ComponentProcess.start(name, CallbackEmitterMain.class, processDir, env);
        emitters.add(emitter);
        return emitter;
    }

    private static void awaitReady(final ComponentProcess emitter, final EmitterGroups groups, final Collection<String> killedMembers,
                                   final Duration limit) {
        await(emitter.name() + " owns the scheduler's and the sender's partitions").atMost(limit)
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    emitter.checkAlive();
                    return groups.ownedByOneMemberOtherThan(killedMembers);
                });
    }

    private WebhookEndpoint endpoint() {
        final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return WebhookEndpoint.newBuilder()
                .setId(ENDPOINT_ID)
                .setTenantId(TENANT)
                .setUrl(receiver.url())
                .setEventTypes(List.of("*"))
                .setSecret(secret)
                .setEnabled(true)
                .setCreatedAt(now)
                .setEnabledAt(now)
                .build();
    }

    /** Each customer's four events, in sequence order; published a round at a time, as customers progress. */
    private Map<String, List<KycStatusEvent>> publishEvents() {
        final Map<String, List<KycStatusEvent>> events = new LinkedHashMap<>();
        Customers.first(CUSTOMERS).forEach(customer -> events.put(customer, new ArrayList<>()));
        final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int sequence = 1; sequence <= STATES.size(); sequence++) {
            for (Map.Entry<String, List<KycStatusEvent>> customer : events.entrySet()) {
                final KycStatusEvent event = event(customer.getKey(), sequence);
                customer.getValue().add(event);
                records.add(record(cluster.topics().status(), event.getCustomerId(), event));
            }
        }
        publish(records);
        return events;
    }

    private static KycStatusEvent event(final String customerId, final int sequence) {
        final KycState to = STATES.get(sequence - 1);
        return KycStatusEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setType("kyc." + to.name().toLowerCase(Locale.ROOT))
                .setTenantId(TENANT)
                .setCustomerId(customerId)
                .setSequence(sequence)
                .setFrom(sequence == 1 ? null : STATES.get(sequence - 2))
                .setTo(to)
                .setReasonCodes(List.of())
                .setVendor(Vendor.XGATEWAY)
                .setVendorStatus(to.name())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static <V> ProducerRecord<String, byte[]> record(final Topic<V> topic, final String key, final V value) {
        return new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    /** Sends the records in order and waits until the broker has every one. */
    private void publish(final List<ProducerRecord<String, byte[]>> records) {
        final List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
        producer.flush();
        try {
            for (Future<RecordMetadata> record : sent) {
                record.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    private boolean everyFirstWebhookRefused(final Map<String, List<KycStatusEvent>> events, final int times) {
        final Map<String, Long> refusals = receiver.received().stream().filter(r -> !r.accepted())
                .collect(Collectors.groupingBy(Received::webhookId, Collectors.counting()));
        return events.values().stream().allMatch(history -> refusals.getOrDefault(history.get(0).getEventId(), 0L) >= times);
    }

    private static Set<String> acceptedIds(final List<Received> received) {
        return received.stream().filter(Received::accepted).map(Received::webhookId).collect(Collectors.toSet());
    }

    /** Per customer, the sequences of its webhooks in the order each was first accepted; later acceptances are duplicates. */
    private static Map<String, List<Long>> firstAcceptances(final List<Received> received) {
        final Map<String, Set<Long>> first = new LinkedHashMap<>();
        received.stream().filter(Received::accepted)
                .forEach(r -> first.computeIfAbsent(r.customerId(), c -> new LinkedHashSet<>()).add(r.sequence()));
        return first.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    /**
     * The count of duplicates is only final once nothing can add to it: both groups have committed
     * having consumed every input, and nothing has been written for a few seconds.
     */
    private void awaitQuiet() {
        final List<String> schedulerInputs = List.of(TopicNames.STATUS, TopicNames.WEBHOOK_DELIVERIES, TopicNames.WEBHOOK_REQUESTS,
                TopicNames.TENANT_EVENTS);
        final List<String> written = List.of(TopicNames.WEBHOOK_ATTEMPTS, TopicNames.WEBHOOK_DELIVERIES, TopicNames.WEBHOOKS_DLQ);
        final AtomicLong writtenBefore = new AtomicLong(-1);
        await("the emitter goes quiet").during(Duration.ofSeconds(3)).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    final long now = CommittedView.written(cluster.admin(), written);
                    final boolean unchanged = writtenBefore.getAndSet(now) == now;
                    return unchanged
                            && CommittedView.lag(cluster.admin(), AttemptSender.GROUP_ID, List.of(TopicNames.WEBHOOK_ATTEMPTS)) == 0
                            && CommittedView.lag(cluster.admin(), WebhookScheduler.DEFAULT_APPLICATION_ID, schedulerInputs) == 0;
                });
    }

    private static void report(final Restart restart, final List<Received> received, final List<WebhookDelivery> deliveryLog,
                               final int requestsBeforeKill, final long begin, final long firstReady, final long published,
                               final long killed, final long takenOver, final long accepted) {
        final List<Received> acceptances = received.stream().filter(Received::accepted).toList();
        final long events = acceptances.stream().map(Received::webhookId).distinct().count();
        final long acceptedMoreThanOnce = acceptances.stream().collect(Collectors.groupingBy(Received::webhookId, Collectors.counting()))
                .values().stream().filter(count -> count > 1).count();
        LOG.info("Emitter crash run, taken over {}: emitter-1 ready after {}; killed {} after the events were published, when the "
                        + "endpoint had refused {} requests; emitter-2 ready {} after the kill; every event accepted {} after the kill; "
                        + "total {}", restart, since(begin, firstReady), since(published, killed), requestsBeforeKill,
                since(killed, takenOver), since(killed, accepted), since(begin, System.nanoTime()));
        LOG.info("Emitter crash run, taken over {}: {} requests: {} refused, {} accepted for {} events, so {} duplicates "
                        + "({} events accepted more than once)", restart, received.size(), received.size() - acceptances.size(),
                acceptances.size(), events, acceptances.size() - events, acceptedMoreThanOnce);
        final Map<DeliveryOutcome, Long> outcomes = deliveryLog.stream()
                .collect(Collectors.groupingBy(WebhookDelivery::getOutcome, TreeMap::new, Collectors.counting()));
        LOG.info("Emitter crash run, taken over {}: the delivery log holds {} outcomes, {}; {} refusals are not in it, their attempts "
                        + "having died with emitter-1", restart, deliveryLog.size(), outcomes,
                received.size() - acceptances.size() - outcomes.getOrDefault(DeliveryOutcome.FAILED, 0L));
    }

    private static Duration since(final long fromNanos, final long toNanos) {
        return Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos));
    }

    private static String newSecret() {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
