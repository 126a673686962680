package org.kycorchestrator.app.eos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.orchestrator.OrchestratorMain;
import org.kycorchestrator.orchestrator.topology.KycTopology;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.workers.ProviderWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once, proven on a real broker: two orchestrator instances share six partitions while a
 * thousand customers go through the whole flow; one instance is killed in the middle of it and a
 * new one joins. Every customer still ends in the right state, and {@code kyc.status}, as a
 * {@code read_committed} reader sees it, holds exactly one event per transition: for every customer
 * the sequence runs 1 to 5 with no gap and no duplicate.
 *
 * <p>The instances are separate processes, and the crash is SIGKILL ({@code destroyForcibly}),
 * because only that is an honest crash: no {@code close()}, no LeaveGroup, no flush, the open
 * transaction abandoned mid-way. Its partitions stand still until the session timeout (6 s here)
 * has passed and the broker has aborted that transaction (Streams' 10 s transaction timeout): about
 * 15 s in all. Closing a {@code KafkaStreams} in this JVM, however abruptly, would still run
 * Kafka's own shutdown code, and nothing would be left open.
 *
 * <p>The vendor side is the real {@link ProviderWorkers} with an {@link InstantXGateway} that never
 * calls back, so every verdict arrives through the orchestrator's verification-timeout timer.
 */
class OrchestratorCrashIntegrationTest {

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorCrashIntegrationTest.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int CUSTOMERS = 1_000;
    private static final int PARTITIONS = 6;
    /**
     * Customers in flight at once. A steady stream, rather than all thousand at once, keeps every
     * partition busy at every stage of the flow, so the kill always lands on open transactions.
     */
    private static final int WINDOW = 200;
    private static final String WORKERS_GROUP = "eos-provider-workers";
    private static final List<KycState> FLOW = List.of(KycState.CREATED, KycState.PENDING_KYC_DATA, KycState.KYC_PENDING,
            KycState.VERIFICATION_IN_PROGRESS);

    @TempDir
    Path dir;

    private final List<Orchestrator> orchestrators = new ArrayList<>();
    private final String applicationId = "kyc-orchestrator-eos-" + UUID.randomUUID();

    /** A failed run is only understood with the instances' own logs, so their tails go to the report. */
    @RegisterExtension
    final TestExecutionExceptionHandler orchestratorLogsOnFailure = (context, failure) -> {
        orchestrators.forEach(o -> LOG.error("{}", o.process().logTail(80)));
        throw failure;
    };

    private IsolatedCluster cluster;
    private KafkaClients clients;
    private Admin admin;
    private KycTopics topics;
    private ProviderWorkers workers;
    private Merchant merchant;
    private StatusFollower follower;

    @BeforeEach
    void startBrokerRegistryAndVendorSide() {
        // A broker of its own: the shared one's topics have three partitions, this test needs six.
        cluster = IsolatedCluster.start(dir, PARTITIONS);
        clients = cluster.clients();
        admin = cluster.admin();
        topics = cluster.topics();
        workers = new ProviderWorkers(Config.of(Map.of("KYC_WORKERS_GROUP_ID", WORKERS_GROUP)), clients, topics,
                List.of(new InstantXGateway()));
        workers.start();
        merchant = new Merchant(clients, topics);
    }

    @AfterEach
    void stopEverything() {
        orchestrators.forEach(o -> o.process().close());
        closeQuietly(follower);
        closeQuietly(merchant);
        closeQuietly(workers);
        closeQuietly(cluster);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyCustomerEndsRightWithExactlyOneCommittedEventPerTransitionThoughAnInstanceIsKilledMidRun() {
        final long begin = System.nanoTime();

        // given two orchestrator instances, each owning some of the six partitions
        final Orchestrator first = launch("orchestrator-1");
        final Orchestrator second = launch("orchestrator-2");
        awaitReady(first);
        awaitReady(second);
        await("both instances own partitions").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> everyMemberOwnsPartitions(2));
        final long started = System.nanoTime();

        // and a merchant that signs customers up in a steady stream, 200 at a time, and starts a
        // customer's verification as soon as the case is ready for it
        final List<String> customers = Customers.first(CUSTOMERS);
        final AtomicInteger signedUp = new AtomicInteger();
        final Runnable signUpNext = () -> {
            final int next = signedUp.getAndIncrement();
            if (next < customers.size()) {
                merchant.onboard(customers.get(next));
            }
        };
        follower = new StatusFollower(clients, topics, event -> {
            if (event.getTo() == KycState.KYC_PENDING) {
                merchant.startVerification(event.getCustomerId());
            }
            if (Customers.isFinal(event.getTo())) {
                signUpNext.run();
            }
        });
        follower.start();

        // when a thousand customers go through the flow
        IntStream.range(0, WINDOW).forEach(i -> signUpNext.run());

        // and the first instance is killed with SIGKILL once about a third of them have finished, at a
        // moment when both instances have status events in open transactions
        await("a third of the customers finish").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> follower.finishedCount() >= CUSTOMERS / 3
                        && CommittedView.partitionsInOpenTransactions(admin, TopicNames.STATUS) == PARTITIONS);
        final int finishedBeforeCrash = follower.finishedCount();
        final int inFlightAtCrash = Math.min(signedUp.get(), CUSTOMERS) - finishedBeforeCrash;
        final long crashed = System.nanoTime();
        follower.markCrash();
        first.process().kill();

        // and a new instance joins
        final Orchestrator third = launch("orchestrator-3");
        awaitReady(third);
        final long joined = System.nanoTime();

        // then every customer finishes
        await("every customer finishes").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    merchant.checkHealthy();
                    return follower.finishedCount() == CUSTOMERS;
                });
        final long finished = System.nanoTime();
        awaitQuiet();
        report(begin, started, crashed, joined, finished, finishedBeforeCrash, inFlightAtCrash);

        // and kyc.status, read with read_committed, holds exactly the five events of each customer, in order
        final List<KycStatusEvent> events = CommittedView.readAll(clients, TopicNames.STATUS, topics.status().valueSerde().deserializer())
                .stream().map(ConsumerRecord::value).toList();
        final Map<String, List<KycStatusEvent>> byCustomer = events.stream()
                .collect(Collectors.groupingBy(KycStatusEvent::getCustomerId, LinkedHashMap::new, Collectors.toList()));
        assertThat(byCustomer.keySet()).containsExactlyInAnyOrderElementsOf(customers);
        assertThat(byCustomer).allSatisfy((customer, history) -> {
            assertThat(history).as("sequences of %s", customer)
                    .extracting(KycStatusEvent::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(history).as("states of %s", customer)
                    .extracting(KycStatusEvent::getTo).containsExactlyElementsOf(expectedStates(customer));
            assertThat(history).as("each event of %s starts where the one before ended", customer)
                    .extracting(KycStatusEvent::getFrom).containsExactlyElementsOf(expectedFromStates(customer));
        });
        assertThat(events).extracting(KycStatusEvent::getEventId).doesNotHaveDuplicates();
        assertThat(events).hasSize(CUSTOMERS * 5);

        // and no good record was dead-lettered
        assertThat(CommittedView.readAll(clients, TopicNames.deadLetters(KycTopology.COMPONENT), new ByteArrayDeserializer())).isEmpty();
    }

    private Orchestrator launch(final String name) {
        final int httpPort = ComponentProcess.freePort();
        final Map<String, String> env = new HashMap<>(sharedEnvironment());
        env.put("KYC_HTTP_PORT", String.valueOf(httpPort));
        final Orchestrator instance = new Orchestrator(ComponentProcess.start(name, OrchestratorMain.class, dir.resolve(name), env), httpPort);
        orchestrators.add(instance);
        return instance;
    }

    /** The environment every instance of the run shares. */
    private Map<String, String> sharedEnvironment() {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "KYC_SCHEMA_REGISTRY_URL", cluster.registryUrl(),
                "KYC_TOPIC_PARTITIONS", String.valueOf(PARTITIONS),
                "KYC_VERIFICATION_TIMEOUT", "1s",
                "KYC_ORCHESTRATOR_TIMER_INTERVAL", "200ms",
                "KYC_ORCHESTRATOR_SESSION_TIMEOUT", "6s",
                "KYC_ORCHESTRATOR_APPLICATION_ID", applicationId,
                // Guards the instances' internal case reads, which this test does not make.
                "KYC_INTERNAL_TOKEN", "eos-internal-" + applicationId);
    }

    private static void awaitReady(final Orchestrator instance) {
        await(instance.process().name() + " is ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(instance::isReady);
    }

    /** An orchestrator process, and the port of its HTTP side, which says whether it is ready. */
    private record Orchestrator(ComponentProcess process, int httpPort) {

        /** True when its streams are RUNNING, as its readiness endpoint says. */
        boolean isReady() {
            process.checkAlive();
            final HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            try {
                return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false; // its HTTP server is not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Kafka's own view of the group: a test that kills an instance owning nothing would prove nothing. */
    private boolean everyMemberOwnsPartitions(final int members) throws Exception {
        final ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all()
                .get(10, TimeUnit.SECONDS).get(applicationId);
        return group.members().size() == members
                && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }

    /**
     * Reading kyc.status is only conclusive once nothing can add to it: the orchestrator has committed
     * having consumed every input, and nothing has been written anywhere for a few seconds.
     */
    private void awaitQuiet() {
        final List<String> inputs = List.of(TopicNames.COMMANDS, TopicNames.PROVIDER_RESULTS);
        final List<String> everything = List.of(TopicNames.COMMANDS, TopicNames.PROVIDER_REQUESTS, TopicNames.PROVIDER_RESULTS,
                TopicNames.STATUS, TopicNames.COMMAND_RESULTS, TopicNames.deadLetters(KycTopology.COMPONENT));
        final AtomicLong writtenBefore = new AtomicLong(-1);
        await("the system goes quiet").during(Duration.ofSeconds(3)).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    final long written = CommittedView.written(admin, everything);
                    final boolean unchanged = writtenBefore.getAndSet(written) == written;
                    return unchanged && CommittedView.lag(admin, applicationId, inputs) == 0;
                });
    }

    private static List<KycState> expectedStates(final String customerId) {
        final List<KycState> states = new ArrayList<>(FLOW);
        states.add(Customers.finalState(customerId));
        return states;
    }

    private static List<KycState> expectedFromStates(final String customerId) {
        final List<KycState> from = new ArrayList<>();
        from.add(null);
        from.addAll(expectedStates(customerId).subList(0, 4));
        return from;
    }

    private void report(final long begin, final long started, final long crashed, final long joined, final long finished,
                        final int finishedBeforeCrash, final int inFlightAtCrash) {
        final int committedEvents = CommittedView.readAll(clients, TopicNames.STATUS, new ByteArrayDeserializer()).size();
        final int allEvents = CommittedView.readAll(clients, TopicNames.STATUS, new ByteArrayDeserializer(), IsolationLevel.READ_UNCOMMITTED)
                .size();
        LOG.info("EOS run: instances ready after {}; killed orchestrator-1 {} later with {} of {} customers finished and {} in flight; "
                        + "orchestrator-3 ready {} after the kill; all finished {} after the kill; total {}",
                since(begin, started), since(started, crashed), finishedBeforeCrash, CUSTOMERS, inFlightAtCrash, since(crashed, joined),
                since(crashed, finished), since(begin, System.nanoTime()));
        LOG.info("EOS run: kyc.status partitions stood still after the kill for {}; {} committed events, {} aborted ones "
                + "(visible only to read_uncommitted)", follower.standstillAfterCrash(), committedEvents, allEvents - committedEvents);
    }

    private static Duration since(final long fromNanos, final long toNanos) {
        return Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos));
    }

    private static void closeQuietly(final AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Cannot close {}", closeable, e);
        }
    }
}
