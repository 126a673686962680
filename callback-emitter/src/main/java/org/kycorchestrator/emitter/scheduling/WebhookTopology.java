package org.kycorchestrator.emitter.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.kycorchestrator.emitter.endpoints.EndpointTable;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.kycorchestrator.schemas.webhooks.EndpointHealth;
import org.kycorchestrator.schemas.webhooks.TenantEvent;
import org.kycorchestrator.schemas.webhooks.WebhookAttempt;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;
import org.kycorchestrator.schemas.webhooks.WebhookQueue;

/**
 * Builds the webhook scheduler's topology, and nothing else.
 *
 * <p>Status events, tenant events, attempt results and requests, all keyed by customer (or tenant)
 * id, share one source and meet in the queue processor, which owns the queue and due-time stores and
 * sends attempts to {@code kyc.webhooks.attempts} and given-up webhooks to {@code kyc.webhooks.dlq}.
 * Attempt results are also re-keyed by endpoint for the health processor, which disables an
 * endpoint that has failed for too long. Every node, store and internal topic has a fixed name, so
 * changelog and repartition topics never get renamed by accident.
 */
public final class WebhookTopology {

    public static final String COMPONENT = "callback-emitter";
    public static final String INPUT_SOURCE = "webhook-inputs-source";
    public static final String QUEUE_PROCESSOR = "webhook-queue-processor";
    public static final String QUEUE_STORE = "webhook-queues-store";
    public static final String DUE_STORE = "webhook-due-store";
    public static final String BY_ENDPOINT = "webhook-deliveries-by-endpoint";
    public static final String HEALTH_PROCESSOR = "webhook-endpoint-health-processor";
    public static final String HEALTH_STORE = "webhook-endpoint-health-store";

    private WebhookTopology() {
    }

    public static Topology build(final KycTopics topics, final EndpointTable endpoints, final QueueTransitions transitions,
                                 final EndpointHealthRules health, final Duration tick) {
        Objects.requireNonNull(topics, "topics cannot be null");
        final StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(QUEUE_STORE), Serdes.String(),
                topics.serde(WebhookQueue.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE_STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEALTH_STORE), Serdes.String(),
                topics.serde(EndpointHealth.class)));

        final List<Topic<? extends SpecificRecord>> inputs = List.of(topics.status(), topics.tenantEvents(),
                topics.webhookDeliveries(), topics.webhookRequests());
        final Serde<SpecificRecord> inputSerde = Serdes.serdeFrom(
                (topic, value) -> {
                    throw new UnsupportedOperationException("the scheduler's inputs are only read");
                },
                new InputDeserializer(inputs.toArray(Topic[]::new)));
        final KStream<String, SpecificRecord> records = builder.stream(inputs.stream().map(Topic::name).toList(),
                Consumed.with(Serdes.String(), inputSerde).withName(INPUT_SOURCE));

        final KStream<String, SpecificRecord> queued = records.process(() -> new WebhookQueueProcessor(transitions, endpoints, tick,
                topics.serde(WebhookMessage.class).serializer()), Named.as(QUEUE_PROCESSOR), QUEUE_STORE, DUE_STORE);
        route(queued, "webhook-attempts", topics.webhookAttempts(), WebhookAttempt.class);
        route(queued, "webhook-dead-letters", Topic.of(TopicNames.WEBHOOKS_DLQ, topics.serde(DeadLetter.class)), DeadLetter.class);

        final Serde<WebhookDelivery> deliveries = topics.webhookDeliveries().valueSerde();
        final KStream<String, SpecificRecord> healthOutputs = records
                .filter((key, value) -> value instanceof WebhookDelivery, Named.as("webhook-deliveries-filter"))
                .mapValues(value -> (WebhookDelivery) value, Named.as("webhook-deliveries-cast"))
                .selectKey((key, delivery) -> delivery.getEndpointId(), Named.as("webhook-deliveries-by-endpoint-key"))
                .repartition(Repartitioned.with(Serdes.String(), deliveries).withName(BY_ENDPOINT))
                .process(() -> new EndpointHealthProcessor(health, endpoints), Named.as(HEALTH_PROCESSOR), HEALTH_STORE);
        route(healthOutputs, "webhook-endpoints", topics.webhookEndpoints(), WebhookEndpoint.class);
        route(healthOutputs, "webhook-tenant-events", topics.tenantEvents(), TenantEvent.class);
        return builder.build();
    }

    /** Sends the outputs of the given type to the topic. */
    private static <V extends SpecificRecord> void route(final KStream<String, SpecificRecord> outputs, final String name,
                                                         final Topic<V> topic, final Class<V> type) {
        outputs.filter((key, value) -> type.isInstance(value), Named.as(name + "-filter"))
                .mapValues(type::cast, Named.as(name + "-cast"))
                .to(topic.name(), Produced.with(Serdes.String(), topic.valueSerde()).withName(name + "-sink"));
    }
}
