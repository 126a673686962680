package org.kycorchestrator.bench.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.TopicProvisioner;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;

/** The embedded broker on a directory of its own, with the product's topics, deleted when closed. */
public final class BenchBroker implements AutoCloseable {

    private final Path dir;
    private final EmbeddedKafkaBroker broker;
    private final Admin admin;

    private BenchBroker(final Path dir) {
        this.dir = dir;
        this.broker = new EmbeddedKafkaBroker(dir, 0).start();
        this.admin = Admin.create(clients().admin());
        new TopicProvisioner(Config.of(Map.of())).provision(admin);
        awaitLeaders();
    }

    /**
     * Every partition has its leader: a producer that starts before that gets NOT_LEADER_OR_FOLLOWER, and an
     * idempotent one can then be stuck retrying an out-of-order sequence.
     */
    private void awaitLeaders() {
        try {
            nanosUntil(() -> {
                try {
                    return admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get().values().stream()
                            .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && p.leader().id() >= 0));
                } catch (ExecutionException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }, Duration.ofMinutes(1), "every partition led");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static BenchBroker start(final Path parent) {
        try {
            Files.createDirectories(parent);
            return new BenchBroker(Files.createTempDirectory(parent, "broker-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KafkaClients clients() {
        return new KafkaClients(broker.bootstrapServers());
    }

    public Path dir() {
        return dir;
    }

    public void createTopic(final String name, final int partitions) throws ExecutionException, InterruptedException {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        awaitLeaders();
    }

    public int partitions(final String topic) throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    /** True once the consumer group has committed every record of the topics, as they stand now. */
    public boolean committedToTheEnd(final String group, final Collection<String> topics) throws ExecutionException, InterruptedException {
        final Map<TopicPartition, Long> ends = endOffsets(topics);
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                || (committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue()));
    }

    public Map<TopicPartition, Long> endOffsets(final Collection<String> topics) throws ExecutionException, InterruptedException {
        final Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((ListOffsetsResult.ListOffsetsResultInfo) e.getValue()).offset()));
    }

    /** Polls every 20 ms; the clock of a measurement, so no library in between. */
    public static long nanosUntil(final BooleanSupplier condition, final Duration timeout, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not " + what + " within " + timeout);
            }
            Thread.sleep(20);
        }
        return System.nanoTime();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        broker.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover directory under target/ harms nothing
        }
    }
}
