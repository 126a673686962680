package org.kycorchestrator.ingress.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KafkaMeters;
import org.kycorchestrator.kafka.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of one topic without a consumer group, so that every ingress instance
 * sees every record: from the beginning for a compacted table, or from the end for answers that
 * only matter to callers waiting now. Records it cannot read are skipped with a warning; the
 * topic's writer is the one that dead-letters.
 */
public final class TopicFollower<V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final Topic<V> topic;
    private final boolean fromBeginning;
    private final BiConsumer<String, V> handler;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    /** Per partition, the offset after the last record handed to the handler. */
    private final Map<Integer, Long> handedOver = new ConcurrentHashMap<>();
    private final Queue<Reading> readings = new ConcurrentLinkedQueue<>();
    private volatile boolean running;

    public TopicFollower(final KafkaClients clients, final Topic<V> topic, final boolean fromBeginning,
                         final BiConsumer<String, V> handler) {
        this.topic = Objects.requireNonNull(topic, "topic cannot be null");
        this.fromBeginning = fromBeginning;
        this.handler = Objects.requireNonNull(handler, "handler cannot be null");
        this.consumer = new KafkaConsumer<>(clients.consumer(null, "ingress-" + topic.name()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "follow-" + topic.name());
        this.thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** True once everything that was on the topic at start-up has been read. */
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0 && running;
    }

    /**
     * Completes once the record at {@code offset} of {@code partition}, and every record before it,
     * has been handed to the handler: a writer that knows where its record landed can then read its
     * own write. The caller bounds the wait (the future never fails by itself).
     */
    public CompletableFuture<Void> readPast(final int partition, final long offset) {
        final Reading reading = new Reading(partition, offset, new CompletableFuture<>());
        readings.add(reading);
        completeReadings();
        return reading.done();
    }

    private void completeReadings() {
        readings.removeIf(reading -> {
            if (handedOver.getOrDefault(reading.partition(), 0L) > reading.offset()) {
                reading.done().complete(null);
            }
            return reading.done().isDone();
        });
    }

    private record Reading(int partition, long offset, CompletableFuture<Void> done) {
    }

    private void run() {
        try {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            final Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    deliver(record);
                    handedOver.merge(record.partition(), record.offset() + 1, Math::max);
                }
                completeReadings();
                if (caughtUp.getCount() > 0 && endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up to stop.
        } catch (RuntimeException e) {
            LOG.error("Stopped following {}", topic.name(), e);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void deliver(final ConsumerRecord<byte[], byte[]> record) {
        final String key = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        final V value;
        try {
            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable record {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        handler.accept(key, value);
    }

    /** Publishes the consumer's own metrics. */
    public void publishMetricsTo(final KafkaMeters meters) {
        meters.consumer(consumer);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
