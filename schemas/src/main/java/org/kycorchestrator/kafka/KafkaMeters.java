package org.kycorchestrator.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Publishes the Kafka clients' own metrics (Micrometer's {@link KafkaClientMetrics} and
 * {@link KafkaStreamsMetrics}) to a component's meter registry, each tagged with the component.
 * Their tags are Kafka's: client ids, topics and partitions, never a record's key or content.
 *
 * <p>One per component: the binders of its clients share one thread, which looks for metrics
 * the clients add later (a new partition, say), and {@link #close()} removes every meter and
 * stops that thread. Close it after the clients, so that nothing re-reads a closed client.
 */
public final class KafkaMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final Tags tags;
    private final ScheduledExecutorService refresher;
    private final List<AutoCloseable> binders = new ArrayList<>();

    public KafkaMeters(final MeterRegistry registry, final String component) {
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        this.tags = Tags.of("component", Objects.requireNonNull(component, "component cannot be null"));
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, component + "-kafka-meters");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Publishes the producer's metrics and answers the producer. */
    public synchronized <P extends Producer<?, ?>> P producer(final P producer) {
        bind(new KafkaClientMetrics(producer, tags, refresher));
        return producer;
    }

    /** Publishes the consumer's metrics and answers the consumer. */
    public synchronized <C extends Consumer<?, ?>> C consumer(final C consumer) {
        bind(new KafkaClientMetrics(consumer, tags, refresher));
        return consumer;
    }

    /** Publishes the metrics of the streams application and of every client it runs. */
    public synchronized KafkaStreams streams(final KafkaStreams streams) {
        bind(new KafkaStreamsMetrics(streams, tags, refresher));
        return streams;
    }

    private <B extends MeterBinder & AutoCloseable> void bind(final B binder) {
        binder.bindTo(registry);
        binders.add(binder);
    }

    @Override
    public synchronized void close() {
        refresher.shutdownNow();
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // Only meters are removed here; one that stays behind harms nobody.
            }
        }
        binders.clear();
    }
}
