package org.kycorchestrator.app.eos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.KycStatusEvent;

/**
 * Follows {@code kyc.status} as a merchant's backend would (read_committed, from the beginning) and
 * hands each event to a reaction while the run goes on. It also counts the customers that reached a
 * final state, and notes when each partition first moved again after {@link #markCrash()}: how long
 * the partitions of a killed instance stood still.
 *
 * <p>It only drives and watches the run; the verdict comes from reading the whole topic afresh at
 * the end, because a reaction to an event must not be mistaken for proof of it.
 */
final class StatusFollower implements AutoCloseable {

    private final KafkaConsumer<String, KycStatusEvent> consumer;
    private final String topic;
    private final Consumer<KycStatusEvent> reaction;
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Instant> firstEventAfterCrash = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile Instant crashedAt;
    private volatile boolean running = true;

    StatusFollower(final KafkaClients clients, final KycTopics topics, final Consumer<KycStatusEvent> reaction) {
        Objects.requireNonNull(clients, "clients cannot be null");
        this.reaction = Objects.requireNonNull(reaction, "reaction cannot be null");
        this.topic = Objects.requireNonNull(topics, "topics cannot be null").status().name();
        this.consumer = new KafkaConsumer<>(clients.consumer(null, "eos-status-follower"), new StringDeserializer(),
                topics.status().valueSerde().deserializer());
        this.thread = new Thread(this::run, "eos-status-follower");
    }

    void start() {
        thread.start();
    }

    /** Customers seen in a final state; rethrows whatever stopped the follower. */
    int finishedCount() {
        final Throwable stopped = failure.get();
        if (stopped != null) {
            throw new IllegalStateException("the status follower stopped", stopped);
        }
        return finished.size();
    }

    void markCrash() {
        crashedAt = Instant.now();
    }

    /** Per partition of kyc.status, how long after the crash the first of its events was decided. */
    Map<Integer, Duration> standstillAfterCrash() {
        final Map<Integer, Duration> standstill = new TreeMap<>();
        firstEventAfterCrash.forEach((partition, at) -> standstill.put(partition, Duration.between(crashedAt, at)));
        return standstill;
    }

    private void run() {
        try {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, KycStatusEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    observe(record);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up to stop.
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void observe(final ConsumerRecord<String, KycStatusEvent> record) {
        final KycStatusEvent event = record.value();
        // By the time of the decision, not of reading it: an event decided before the crash may still be read after it.
        if (crashedAt != null && event.getOccurredAt().isAfter(crashedAt)) {
            firstEventAfterCrash.putIfAbsent(record.partition(), event.getOccurredAt());
        }
        if (Customers.isFinal(event.getTo())) {
            finished.add(event.getCustomerId());
        }
        reaction.accept(event);
    }

    @Override
    public void close() {
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
