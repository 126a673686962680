package org.kycorchestrator.orchestrator.topology;

import java.time.Duration;
import java.util.Objects;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.orchestrator.cases.KycRules;
import org.kycorchestrator.orchestrator.cases.KycTransitions;
import org.kycorchestrator.schemas.cases.KycCase;

/**
 * Builds the orchestrator's topology, and nothing else: no configuration, no I/O. Commands and
 * vendor results, both keyed by customer id, meet in one processor that owns the case and timer
 * stores; it sends each output to the sink named for it. Every node and store has a fixed name so
 * that changelog topics never get renamed by accident ({@code KycTopologyNamesTest} guards them).
 */
public final class KycTopology {

    public static final String COMPONENT = "orchestrator";
    public static final String COMMANDS_SOURCE = "kyc-commands-source";
    public static final String RESULTS_SOURCE = "kyc-provider-results-source";
    public static final String CASE_PROCESSOR = "kyc-case-processor";
    public static final String CASE_STORE = "kyc-cases-store";
    public static final String TIMER_STORE = "kyc-timers-store";
    public static final String STATUS_SINK = "kyc-status-sink";
    public static final String REQUESTS_SINK = "kyc-provider-requests-sink";
    public static final String COMMAND_RESULTS_SINK = "kyc-command-results-sink";

    private KycTopology() {
    }

    public static Topology build(final KycTopics topics, final KycRules rules, final Duration timerInterval) {
        Objects.requireNonNull(topics, "topics cannot be null");
        final KycTransitions transitions = new KycTransitions(rules);
        final StoreBuilder<KeyValueStore<String, KycCase>> caseStore = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CASE_STORE), Serdes.String(), topics.caseSerde());
        final StoreBuilder<KeyValueStore<String, String>> timerStore = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TIMER_STORE), Serdes.String(), Serdes.String());

        final Topology topology = new Topology();
        topology.addSource(COMMANDS_SOURCE, Serdes.String().deserializer(), topics.commands().valueSerde().deserializer(),
                topics.commands().name());
        topology.addSource(RESULTS_SOURCE, Serdes.String().deserializer(), topics.providerResults().valueSerde().deserializer(),
                topics.providerResults().name());
        topology.addProcessor(CASE_PROCESSOR, () -> new KycCaseProcessor(transitions, timerInterval), COMMANDS_SOURCE, RESULTS_SOURCE);
        topology.addStateStore(caseStore, CASE_PROCESSOR);
        topology.addStateStore(timerStore, CASE_PROCESSOR);
        addSink(topology, STATUS_SINK, topics.status());
        addSink(topology, REQUESTS_SINK, topics.providerRequests());
        addSink(topology, COMMAND_RESULTS_SINK, topics.commandResults());
        return topology;
    }

    private static <V> void addSink(final Topology topology, final String name, final Topic<V> topic) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), CASE_PROCESSOR);
    }
}
