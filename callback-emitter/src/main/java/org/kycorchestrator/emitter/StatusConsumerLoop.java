package org.kycorchestrator.emitter;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Deserializer;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code kyc.status} in the emitter's consumer group and hands each partition's records to its
 * {@link PartitionLane}. The consumer thread never waits on a webhook: a partition with work in its
 * lane is paused, so polling (and group membership) goes on while the lane works, and it is resumed
 * once the lane is idle. Offsets are committed as the lanes finish records.
 *
 * <p>A lane that is retrying a webhook holds up its whole partition, including other customers'
 * events. That is the price of keeping each customer's webhooks in order with in-memory retries; the
 * durable retry topics that come next will lift it. Delivery is at least once: when the emitter stops
 * or loses a partition, unfinished records are delivered again by whoever reads the partition next,
 * with the same {@code webhook-id}.
 */
final class StatusConsumerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How long a partition rests after its work failed (say, the dead-letter topic was unwritable). */
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<KycStatusEvent> values;
    private final EndpointTable endpoints;
    private final Duration endpointsCatchUp;
    private final StatusEventHandler handler;
    private final Executor executor;
    private final Map<TopicPartition, PartitionLane> lanes = new HashMap<>();
    private volatile boolean running = true;

    StatusConsumerLoop(final Consumer<byte[], byte[]> consumer, final Topic<KycStatusEvent> topic, final EndpointTable endpoints,
                       final Duration endpointsCatchUp, final StatusEventHandler handler, final Executor executor) {
        this.consumer = Objects.requireNonNull(consumer, "consumer cannot be null");
        this.topic = topic.name();
        this.values = topic.valueSerde().deserializer();
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints cannot be null");
        this.endpointsCatchUp = Objects.requireNonNull(endpointsCatchUp, "endpointsCatchUp cannot be null");
        this.handler = Objects.requireNonNull(handler, "handler cannot be null");
        this.executor = Objects.requireNonNull(executor, "executor cannot be null");
    }

    /** Asks the loop to end; it commits what is done and closes its consumer on the way out. */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            awaitEndpoints();
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                dispatch(consumer.poll(POLL_TIMEOUT));
                recoverFailedLanes();
                commitFinished(lanes.keySet());
                resumeIdlePartitions();
            }
        } finally {
            lanes.values().forEach(PartitionLane::cancel);
            try {
                commitFinished(lanes.keySet());
            } catch (RuntimeException e) {
                LOG.warn("Cannot commit the last offsets; those events will be delivered again: {}", e.toString());
            }
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    /** A freshly started emitter must know every endpoint before it delivers, or it would skip some. */
    private void awaitEndpoints() {
        final long deadline = System.nanoTime() + endpointsCatchUp.toNanos();
        try {
            while (running && System.nanoTime() < deadline) {
                if (endpoints.awaitCaughtUp(POLL_TIMEOUT)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return;
        }
        if (running) {
            LOG.warn("The webhook endpoint table did not catch up within {}; delivering with the endpoints known so far", endpointsCatchUp);
        }
    }

    private void dispatch(final ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            final PartitionLane lane = lanes.computeIfAbsent(partition, p -> new PartitionLane(executor));
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                lane.enqueue(record.offset(), work(record, lane));
            }
        }
        consumer.pause(records.partitions());
    }

    /** Reads the record here, on the consumer thread, and returns the work to do for it. */
    private Supplier<CompletableFuture<Void>> work(final ConsumerRecord<byte[], byte[]> record, final PartitionLane lane) {
        final KycStatusEvent event;
        try {
            event = values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            if (registryUnreachable(e)) {
                // Not the record's fault: fail the lane, which reads the record again after a pause.
                return () -> CompletableFuture.failedFuture(e);
            }
            final String reason = "cannot read a KycStatusEvent: " + e.getMessage();
            return () -> handler.reject(record, reason);
        }
        if (event == null) {
            return () -> handler.reject(record, "the record has no value");
        }
        return () -> handler.handle(record, event, lane::isCancelled);
    }

    /** HttpSchemaRegistryClient signals an unreachable registry with an UncheckedIOException. */
    private static boolean registryUnreachable(final Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** Seeks a failed lane's partition back to the record that failed, so it is processed again. */
    private void recoverFailedLanes() {
        for (Map.Entry<TopicPartition, PartitionLane> entry : List.copyOf(lanes.entrySet())) {
            final PartitionLane lane = entry.getValue();
            if (lane.hasFailed()) {
                commitFinished(List.of(entry.getKey()));
                final Throwable failure = lane.failure();
                final long offset = lane.recover(FAILURE_BACKOFF);
                LOG.error("Processing {}@{} failed; processing it again in {}", entry.getKey(), offset, FAILURE_BACKOFF, failure);
                consumer.seek(entry.getKey(), offset);
            }
        }
    }

    private void resumeIdlePartitions() {
        final List<TopicPartition> idle = consumer.paused().stream()
                .filter(p -> {
                    final PartitionLane lane = lanes.get(p);
                    return lane == null || lane.isReady();
                })
                .toList();
        if (!idle.isEmpty()) {
            consumer.resume(idle);
        }
    }

    private void commitFinished(final Collection<TopicPartition> partitions) {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            final PartitionLane lane = lanes.get(partition);
            if (lane != null) {
                lane.commitDue().ifPresent(offset -> offsets.put(partition, new OffsetAndMetadata(offset)));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((partition, offset) -> lanes.get(partition).committed(offset.offset()));
        } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
            // Tried again on the next loop; if the partition moved, its next owner delivers these again.
            LOG.warn("Cannot commit offsets now: {}", e.getMessage());
        }
    }

    /** Commits what is done in partitions that move away, and gives up the rest. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            try {
                commitFinished(partitions);
            } catch (RuntimeException e) {
                LOG.warn("Cannot commit revoked partitions; their next owner delivers those events again: {}", e.toString());
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            // Lanes are made when a partition's first records arrive.
        }

        private void forget(final Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                final PartitionLane lane = lanes.remove(partition);
                if (lane != null) {
                    lane.cancel();
                }
            }
        }
    }
}
