package org.kycorchestrator.orchestrator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.orchestrator.Fixtures.callback;
import static org.kycorchestrator.orchestrator.Fixtures.linkIssued;
import static org.kycorchestrator.orchestrator.Fixtures.register;
import static org.kycorchestrator.orchestrator.Fixtures.requestLink;
import static org.kycorchestrator.orchestrator.Fixtures.startVerification;
import static org.kycorchestrator.orchestrator.Fixtures.status;
import static org.kycorchestrator.orchestrator.Fixtures.verificationStarted;

import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.commands.KycCaseView;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.Outcome;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.FetchStatus;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.ProviderResult;

class KycTopologyTest {

    private final KycTopics topics = new KycTopics(new InMemorySchemaRegistryClient());
    private TopologyTestDriver driver;
    private TestInputTopic<String, KycCommand> commands;
    private TestInputTopic<String, ProviderResult> results;
    private TestInputTopic<String, byte[]> rawCommands;
    private TestOutputTopic<String, KycStatusEvent> status;
    private TestOutputTopic<String, ProviderRequest> requests;
    private TestOutputTopic<String, CommandResult> commandResults;
    private TestOutputTopic<String, KycCaseView> cases;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void startDriver() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kyc-orchestrator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(KycTopology.build(topics), props);
        commands = input(topics.commands());
        results = input(topics.providerResults());
        rawCommands = driver.createInputTopic(topics.commands().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        status = output(topics.status());
        requests = output(topics.providerRequests());
        commandResults = output(topics.commandResults());
        cases = output(topics.cases());
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

        commands.pipeInput("c1", requestLink("c1", "cmd-2"));
        final ProviderRequest linkRequest = requests.readValue();
        assertThat(linkRequest.getPayload()).isInstanceOf(IssueLink.class);
        assertThat(linkRequest.getCommandId()).isEqualTo("cmd-2");
        results.pipeInput("c1", linkIssued("c1", "cmd-2"));
        final CommandResult linkOutcome = commandResults.readValue();
        assertThat(linkOutcome.getCreated()).isTrue();
        assertThat(linkOutcome.getKycCase().getLink().getUrl()).isEqualTo("https://checkout.example/abc");

        commands.pipeInput("c1", startVerification("c1", "cmd-3"));
        assertThat(requests.readValue().getPayload()).isInstanceOf(BeginVerification.class);
        results.pipeInput("c1", verificationStarted("c1", "cmd-3"));
        results.pipeInput("c1", callback("c1"));
        assertThat(requests.readValue().getPayload()).isInstanceOf(FetchStatus.class);
        results.pipeInput("c1", status("c1", KycState.APPROVED, "FULL_USER"));

        assertThat(status.readValuesToList())
                .extracting(KycStatusEvent::getSequence, KycStatusEvent::getFrom, KycStatusEvent::getTo)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, null, KycState.CREATED),
                        org.assertj.core.groups.Tuple.tuple(2L, KycState.CREATED, KycState.PENDING_KYC_DATA),
                        org.assertj.core.groups.Tuple.tuple(3L, KycState.PENDING_KYC_DATA, KycState.VERIFICATION_IN_PROGRESS),
                        org.assertj.core.groups.Tuple.tuple(4L, KycState.VERIFICATION_IN_PROGRESS, KycState.APPROVED));
        final KycCaseView latest = cases.readKeyValuesToMap().get("c1");
        assertThat(latest.getState()).isEqualTo(KycState.APPROVED);
        assertThat(latest.getVendorStatus()).isEqualTo("FULL_USER");
        assertThat(latest.getHistory()).hasSize(4);
    }

    @Test
    void aCommandForAnUnknownCustomerIsRejectedAndChangesNothing() {
        commands.pipeInput("ghost", startVerification("ghost", "cmd-9"));

        final CommandResult outcome = commandResults.readValue();
        assertThat(outcome.getOutcome()).isEqualTo(Outcome.REJECTED);
        assertThat(outcome.getErrors()).extracting(e -> e.getCode()).containsExactly("not_found");
        assertThat(status.isEmpty()).isTrue();
        assertThat(requests.isEmpty()).isTrue();
        assertThat(cases.isEmpty()).isTrue();
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndProcessingGoesOn() {
        rawCommands.pipeInput("c2", "{not avro}".getBytes());
        commands.pipeInput("c2", register("c2", "cmd-1"));

        final DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getSourceTopic()).isEqualTo("kyc.commands");
        assertThat(letter.getReason()).contains("unreadable record");
        assertThat(status.readValue().getTo()).isEqualTo(KycState.CREATED);
    }

    @Test
    void theCaseStorePersonalDataNeverReachesThePublicTopics() {
        commands.pipeInput("c3", register("c3", "cmd-1"));

        final String publicText = status.readValue().toString() + cases.readValue().toString() + commandResults.readValue().toString();
        assertThat(publicText).doesNotContain("Lovelace", "ada@example.com", "+442071234567");
    }

    private <V> TestInputTopic<String, V> input(final Topic<V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(final Topic<V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
