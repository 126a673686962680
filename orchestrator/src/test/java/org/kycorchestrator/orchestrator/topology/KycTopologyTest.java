package org.kycorchestrator.orchestrator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.kycorchestrator.orchestrator.Fixtures.acceptAgreements;
import static org.kycorchestrator.orchestrator.Fixtures.applicantCreated;
import static org.kycorchestrator.orchestrator.Fixtures.callback;
import static org.kycorchestrator.orchestrator.Fixtures.createApplicant;
import static org.kycorchestrator.orchestrator.Fixtures.linkIssued;
import static org.kycorchestrator.orchestrator.Fixtures.register;
import static org.kycorchestrator.orchestrator.Fixtures.requestLink;
import static org.kycorchestrator.orchestrator.Fixtures.startVerification;
import static org.kycorchestrator.orchestrator.Fixtures.status;
import static org.kycorchestrator.orchestrator.Fixtures.verificationStarted;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.kafka.DeadLetterHandler;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.orchestrator.cases.KycRules;
import org.kycorchestrator.schemas.HostedLink;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.Outcome;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.CreateVendorApplicant;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.FetchStatus;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.ProviderResult;

class KycTopologyTest {

    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    private final KycTopics topics = new KycTopics(new InMemorySchemaRegistryClient());
    private final KycRules rules = new KycRules(3, Duration.ofMinutes(10), 2, Duration.ofHours(1), 100);
    private TopologyTestDriver driver;
    private TestInputTopic<String, KycCommand> commands;
    private TestInputTopic<String, ProviderResult> results;
    private TestInputTopic<String, byte[]> rawCommands;
    private TestOutputTopic<String, KycStatusEvent> status;
    private TestOutputTopic<String, ProviderRequest> requests;
    private TestOutputTopic<String, CommandResult> commandResults;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void startDriver() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kyc-orchestrator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        DeadLetterHandler.install(props, KycTopology.COMPONENT, topics.serde(DeadLetter.class).serializer());
        driver = new TopologyTestDriver(KycTopology.build(topics, rules, Duration.ofSeconds(1)), props, START);
        commands = input(topics.commands());
        results = input(topics.providerResults());
        rawCommands = driver.createInputTopic(topics.commands().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        status = output(topics.status());
        requests = output(topics.providerRequests());
        commandResults = output(topics.commandResults());
        deadLetters = output(topics.deadLetters(KycTopology.COMPONENT));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void theHappyPathMovesACaseFromCreatedToApprovedWithOneEventPerChange() {
        commands.pipeInput("c1", register("c1", "cmd-1"));
        assertThat(requests.readValue().getPayload()).isInstanceOf(CreateVendorProfile.class);
        assertThat(commandResults.readValue().getOutcome()).isEqualTo(Outcome.ACCEPTED);

        commands.pipeInput("c1", createApplicant("c1", "cmd-2"));
        assertThat(requests.readValue().getPayload()).isInstanceOf(CreateVendorApplicant.class);
        results.pipeInput("c1", applicantCreated("c1", "cmd-2"));
        assertThat(commandResults.readValue().getCreated()).isTrue();
        commands.pipeInput("c1", acceptAgreements("c1", "cmd-3"));
        assertThat(requests.readValue().getPayload()).isInstanceOf(CreateVendorProfile.class);
        commandResults.readValue();

        commands.pipeInput("c1", requestLink("c1", "cmd-4"));
        final ProviderRequest linkRequest = requests.readValue();
        assertThat(linkRequest.getPayload()).isInstanceOf(IssueLink.class);
        results.pipeInput("c1", linkIssued("c1", "cmd-4"));
        final CommandResult linkOutcome = commandResults.readValue();
        assertThat(linkOutcome.getCreated()).isTrue();
        assertThat(linkOutcome.getKycCase().getState()).isEqualTo(KycState.KYC_PENDING);

        commands.pipeInput("c1", startVerification("c1", "cmd-5"));
        assertThat(requests.readValue().getPayload()).isInstanceOf(BeginVerification.class);
        results.pipeInput("c1", verificationStarted("c1", "cmd-5"));
        results.pipeInput("c1", callback("c1"));
        assertThat(requests.readValue().getPayload()).isInstanceOf(FetchStatus.class);
        results.pipeInput("c1", status("c1", KycState.APPROVED, "FULL_USER"));

        assertThat(status.readValuesToList())
                .extracting(KycStatusEvent::getSequence, KycStatusEvent::getFrom, KycStatusEvent::getTo)
                .containsExactly(
                        tuple(1L, null, KycState.CREATED),
                        tuple(2L, KycState.CREATED, KycState.PENDING_KYC_DATA),
                        tuple(3L, KycState.PENDING_KYC_DATA, KycState.KYC_PENDING),
                        tuple(4L, KycState.KYC_PENDING, KycState.VERIFICATION_IN_PROGRESS),
                        tuple(5L, KycState.VERIFICATION_IN_PROGRESS, KycState.APPROVED));
    }

    @Test
    void aVerificationWithoutAResultIsPolledWithBackoffThenSentToManualReview() {
        toVerificationInProgress("c4");

        driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertThat(requests.readValue().getPayload()).isInstanceOf(FetchStatus.class);
        driver.advanceWallClockTime(Duration.ofMinutes(19));
        assertThat(requests.isEmpty()).as("the second poll waits twice as long").isTrue();
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(requests.readValue().getPayload()).isInstanceOf(FetchStatus.class);
        driver.advanceWallClockTime(Duration.ofMinutes(40));

        final KycStatusEvent last = status.readValuesToList().get(4);
        assertThat(last.getTo()).isEqualTo(KycState.MANUAL_REVIEW);
        assertThat(last.getReasonCodes()).containsExactly("vendor_timeout");
    }

    @Test
    void aHostedLinkPastItsExpiryIsReportedExpired() {
        commands.pipeInput("c5", register("c5", "cmd-1"));
        commands.pipeInput("c5", requestLink("c5", "cmd-2"));
        results.pipeInput("c5", org.kycorchestrator.orchestrator.Fixtures.result("c5", "cmd-2",
                new LinkIssued(new HostedLink("https://kyc.example/x", START.plus(Duration.ofMinutes(30))), null)));
        status.readValuesToList();

        driver.advanceWallClockTime(Duration.ofMinutes(31));

        final KycStatusEvent expired = status.readValue();
        assertThat(expired.getType()).isEqualTo("kyc.link_expired");
        assertThat(expired.getFrom()).isEqualTo(expired.getTo());
        assertThat(expired.getReasonCodes()).containsExactly("link_expired");
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicWithItsSourceInHeadersAndProcessingGoesOn() {
        rawCommands.pipeInput("c2", "{not avro}".getBytes(StandardCharsets.UTF_8));
        commands.pipeInput("c2", register("c2", "cmd-1"));

        final TestRecord<String, DeadLetter> letter = deadLetters.readRecord();
        assertThat(letter.value().getSourceTopic()).isEqualTo("kyc.commands");
        assertThat(letter.value().getReason()).contains("unreadable record");
        assertThat(header(letter, DeadLetterHandler.HEADER_SOURCE_TOPIC)).isEqualTo("kyc.commands");
        assertThat(header(letter, DeadLetterHandler.HEADER_SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(letter, DeadLetterHandler.HEADER_REASON)).contains("unreadable record");
        assertThat(status.readValue().getTo()).isEqualTo(KycState.CREATED);
    }

    @Test
    void aReadableRecordThatBreaksAnInvariantIsDeadLetteredAndProcessingGoesOn() {
        commands.pipeInput("someone-else", register("c3", "cmd-1"));
        commands.pipeInput("c3", register("c3", "cmd-2"));

        final TestRecord<String, DeadLetter> letter = deadLetters.readRecord();
        assertThat(letter.value().getReason()).contains("cannot process").contains("not its customer id");
        assertThat(header(letter, DeadLetterHandler.HEADER_SOURCE_PARTITION)).isEqualTo("0");
        assertThat(status.readValuesToList()).extracting(KycStatusEvent::getCustomerId).containsExactly("c3");
    }

    @Test
    void theCaseStorePersonalDataNeverReachesThePublicTopics() {
        commands.pipeInput("c6", register("c6", "cmd-1"));

        final String publicText = status.readValue().toString() + commandResults.readValue().toString();
        assertThat(publicText).doesNotContain("Lovelace", "ada@example.com", "+442071234567");
    }

    private void toVerificationInProgress(final String customerId) {
        commands.pipeInput(customerId, register(customerId, "cmd-1"));
        commands.pipeInput(customerId, createApplicant(customerId, "cmd-2"));
        results.pipeInput(customerId, applicantCreated(customerId, "cmd-2"));
        commands.pipeInput(customerId, acceptAgreements(customerId, "cmd-3"));
        commands.pipeInput(customerId, requestLink(customerId, "cmd-4"));
        results.pipeInput(customerId, linkIssued(customerId, "cmd-4"));
        commands.pipeInput(customerId, startVerification(customerId, "cmd-5"));
        results.pipeInput(customerId, verificationStarted(customerId, "cmd-5"));
        requests.readValuesToList();
        commandResults.readValuesToList();
    }

    private static String header(final TestRecord<String, DeadLetter> record, final String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private <V> TestInputTopic<String, V> input(final Topic<V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(final Topic<V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
