package org.kycorchestrator.orchestrator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.orchestrator.cases.KycRules;

/**
 * The names that live on in a running cluster: the stores' changelog topics are derived from the
 * application id and the store names, and renaming a store would silently start from empty state.
 * A change here must be deliberate, with a migration.
 */
class KycTopologyNamesTest {

    private final TopologyDescription description = KycTopology.build(new KycTopics(new InMemorySchemaRegistryClient()),
            KycRules.defaults(), Duration.ofSeconds(1)).describe();

    @Test
    void theInternalTopicsKeepTheirNames() {
        final Set<String> changelogs = new TreeSet<>();
        description.subtopologies().forEach(s -> s.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Processor processor) {
                processor.stores().forEach(store -> changelogs.add("kyc-orchestrator-" + store + "-changelog"));
            }
        }));

        assertThat(changelogs).containsExactly("kyc-orchestrator-kyc-cases-store-changelog", "kyc-orchestrator-kyc-timers-store-changelog");
    }

    @Test
    void everyNodeHasItsOwnName() {
        final Set<String> nodes = new TreeSet<>();
        description.subtopologies().forEach(s -> s.nodes().forEach(node -> nodes.add(node.name())));

        assertThat(nodes).containsExactly("kyc-case-processor", "kyc-command-results-sink", "kyc-commands-source",
                "kyc-provider-requests-sink", "kyc-provider-results-source", "kyc-status-sink");
    }

    @Test
    void thereAreNoRepartitionTopics() {
        assertThat(description.subtopologies()).hasSize(1);
        assertThat(description.toString()).doesNotContain("-repartition");
    }
}
