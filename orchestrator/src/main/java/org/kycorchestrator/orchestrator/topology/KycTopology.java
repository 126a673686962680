package org.kycorchestrator.orchestrator.topology;

import java.util.Objects;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.schemas.cases.KycCase;

/**
 * Builds the orchestrator's topology, and nothing else: no configuration, no I/O. Commands and
 * vendor results, both keyed by customer id, meet in one processor that owns the case store; it
 * sends each output to the sink named for it. Every node and store has a fixed name so that
 * changelog topics never get renamed by accident.
 */
public final class KycTopology {

    public static final String COMMANDS_SOURCE = "kyc-commands-source";
    public static final String RESULTS_SOURCE = "kyc-provider-results-source";
    public static final String CASE_PROCESSOR = "kyc-case-processor";
    public static final String CASE_STORE = "kyc-cases-store";
    public static final String STATUS_SINK = "kyc-status-sink";
    public static final String REQUESTS_SINK = "kyc-provider-requests-sink";
    public static final String COMMAND_RESULTS_SINK = "kyc-command-results-sink";
    public static final String CASES_SINK = "kyc-cases-sink";
    public static final String DEAD_LETTERS_SINK = "kyc-dead-letters-sink";
    public static final String COMPONENT = "orchestrator";

    private KycTopology() {
    }

    public static Topology build(final KycTopics topics) {
        Objects.requireNonNull(topics, "topics cannot be null");
        final StoreBuilder<KeyValueStore<String, KycCase>> caseStore = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CASE_STORE), Serdes.String(), topics.caseSerde());

        final Topology topology = new Topology();
        // Values stay bytes until the processor, so that a record it cannot read is dead-lettered, not fatal.
        topology.addSource(COMMANDS_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), TopicNames.COMMANDS);
        topology.addSource(RESULTS_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), TopicNames.PROVIDER_RESULTS);
        topology.addProcessor(CASE_PROCESSOR, () -> new KycCaseProcessor(topics), COMMANDS_SOURCE, RESULTS_SOURCE);
        topology.addStateStore(caseStore, CASE_PROCESSOR);
        addSink(topology, STATUS_SINK, topics.status());
        addSink(topology, REQUESTS_SINK, topics.providerRequests());
        addSink(topology, COMMAND_RESULTS_SINK, topics.commandResults());
        addSink(topology, CASES_SINK, topics.cases());
        addSink(topology, DEAD_LETTERS_SINK, topics.deadLetters(COMPONENT));
        return topology;
    }

    private static <V> void addSink(final Topology topology, final String name, final Topic<V> topic) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), CASE_PROCESSOR);
    }
}
