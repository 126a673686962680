package org.kycorchestrator.bench.runs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.state.HostInfo;
import org.kycorchestrator.bench.Measurement;
import org.kycorchestrator.bench.Run;
import org.kycorchestrator.bench.kafka.BenchBroker;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.orchestrator.Orchestrator;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.RegisterCustomer;

/**
 * The orchestrator's state transitions per second: {@code kyc.commands} is loaded with one
 * registration for each of many customers (each a transition to {@code CREATED}, with its status
 * event, its command result and its case in the store), then the orchestrator starts, as the app
 * configures it, and the clock runs from its RUNNING to the moment its group has committed the last
 * command: the same clock as {@link StreamsBaseline}'s.
 */
public final class OrchestratorRun implements Run {

    private static final String GROUP = "kyc-orchestrator";

    private final Path workDir;
    private final int commands;
    private final KycTopics topics = new KycTopics(new InMemorySchemaRegistryClient());

    public OrchestratorRun(final Path workDir, final int commands) {
        this.workDir = workDir;
        this.commands = commands;
    }

    @Override
    public String name() {
        return "orchestrator";
    }

    @Override
    public String measures() {
        return "state transitions/s: " + commands + " RegisterCustomer commands of distinct customers preloaded into kyc.commands, "
                + "then the orchestrator (exactly_once_v2, 1 thread, commit interval 100 ms) runs until its group has committed them all";
    }

    @Override
    public void setUp() {
        // every repetition has a broker of its own, so nothing carries over
    }

    @Override
    public Measurement measure(final Duration duration) throws Exception {
        try (BenchBroker broker = BenchBroker.start(workDir)) {
            final Instant issued = Instant.now();
            Preload.records(broker, TopicNames.COMMANDS, commands, i -> {
                final KycCommand command = registration("bench-customer-" + i, issued);
                return new ProducerRecord<>(TopicNames.COMMANDS, command.getCustomerId().getBytes(StandardCharsets.UTF_8),
                        topics.commands().valueSerde().serializer().serialize(TopicNames.COMMANDS, command));
            });
            final Config config = Config.of(Map.of("KYC_DATA_DIR", broker.dir().toString(), "KYC_INTERNAL_TOKEN", "bench"));
            try (Orchestrator orchestrator = new Orchestrator(config, broker.clients(), topics, new HostInfo("localhost", 1))) {
                orchestrator.start();
                final long start = BenchBroker.nanosUntil(orchestrator::isRunning, Duration.ofMinutes(1), "running");
                final long end = BenchBroker.nanosUntil(() -> Preload.committed(broker, GROUP, TopicNames.COMMANDS), Duration.ofMinutes(5),
                        "done");
                final double seconds = (end - start) / 1e9;
                final long statusOffsets = broker.endOffsets(List.of(TopicNames.STATUS)).values().stream().mapToLong(Long::longValue).sum();
                if (statusOffsets < commands) {
                    throw new IllegalStateException("only " + statusOffsets + " offsets on kyc.status for " + commands + " registrations");
                }
                return new Measurement().add("throughput", "transitions/s", commands / seconds).add("time", "s", seconds);
            }
        }
    }

    private static KycCommand registration(final String customerId, final Instant issued) {
        final Profile profile = Profile.newBuilder().setFirstName("Ada").setLastName("Lovelace").setEmail("ada@example.com")
                .setCountry("GB").build();
        return KycCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setTenantId("bench")
                .setCustomerId(customerId)
                .setIssuedAt(issued)
                .setPayload(new RegisterCustomer(customerId, Vendor.XGATEWAY, profile, List.of("routed_by_country")))
                .build();
    }

    @Override
    public void close() {
    }
}
