package org.kycorchestrator.emitter.endpoints;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link EndpointTable} in step with the compacted topic {@code kyc.webhook-endpoints}. It
 * reads every partition from the beginning without a consumer group (each emitter instance needs the
 * whole table), and marks the table caught up once it reached the end offsets it saw at start.
 *
 * <p>Known gaps: partitions added to the topic after start are not picked up; a record that cannot
 * be read is logged and skipped rather than dead-lettered, because the table is re-read on every
 * start and would dead-letter the same record again each time.
 */
public final class EndpointTableReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointTableReader.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);

    private final Consumer<byte[], byte[]> consumer;
    private final Topic<WebhookEndpoint> topic;
    private final Deserializer<WebhookEndpoint> values;
    private final EndpointTable table;
    private volatile boolean running = true;

    public EndpointTableReader(final Consumer<byte[], byte[]> consumer, final Topic<WebhookEndpoint> topic, final EndpointTable table) {
        this.consumer = Objects.requireNonNull(consumer, "consumer cannot be null");
        this.topic = Objects.requireNonNull(topic, "topic cannot be null");
        this.table = Objects.requireNonNull(table, "table cannot be null");
        this.values = topic.valueSerde().deserializer();
    }

    /** Asks the loop to end; it closes its consumer on the way out. */
    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            final List<TopicPartition> partitions = awaitPartitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    apply(record);
                }
                if (!table.isCaughtUp() && reached(endOffsets)) {
                    table.markCaughtUp();
                    LOG.info("Webhook endpoint table caught up");
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (running) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            LOG.warn("Topic {} does not exist yet; waiting for it", topic.name());
            try {
                Thread.sleep(TOPIC_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.of();
    }

    private void apply(final ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Skipping {}-{}@{}: no endpoint id in the key", record.topic(), record.partition(), record.offset());
            return;
        }
        final String endpointId = new String(record.key(), StandardCharsets.UTF_8);
        try {
            table.put(endpointId, values.deserialize(record.topic(), record.value()));
        } catch (RuntimeException e) {
            LOG.warn("Skipping {}-{}@{}: cannot read the endpoint: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private boolean reached(final Map<TopicPartition, Long> endOffsets) {
        return endOffsets.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
