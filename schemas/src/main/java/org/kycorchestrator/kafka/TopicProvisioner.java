package org.kycorchestrator.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.kycorchestrator.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of DESIGN.md that do not exist yet. Partitions, replication and retention come
 * from configuration; topics that hold state are compacted. Existing topics are left as they are.
 */
public final class TopicProvisioner {

    /** Components that own a dead-letter topic. */
    public static final List<String> COMPONENTS = List.of("ingress-api", "orchestrator", "provider-workers", "provider-requests", "callback-emitter");

    /** How long an Idempotency-Key is remembered; its topic keeps records twice as long. */
    public static final String IDEMPOTENCY_KEY_TTL = "KYC_IDEMPOTENCY_KEY_TTL";
    public static final Duration DEFAULT_IDEMPOTENCY_KEY_TTL = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Config config;

    public TopicProvisioner(final Config config) {
        this.config = config;
    }

    public List<NewTopic> plannedTopics() {
        final int partitions = config.getInt("KYC_TOPIC_PARTITIONS", 3);
        final short replication = (short) config.getInt("KYC_TOPIC_REPLICATION_FACTOR", 1);
        final String minIsr = String.valueOf(config.getInt("KYC_TOPIC_MIN_INSYNC_REPLICAS", replication >= 3 ? 2 : 1));
        final long eventRetention = config.getDuration("KYC_EVENT_RETENTION", Duration.ofDays(30)).toMillis();
        final long resultRetention = config.getDuration("KYC_COMMAND_RESULTS_RETENTION", Duration.ofHours(1)).toMillis();

        final List<NewTopic> topics = new ArrayList<>();
        for (String name : List.of(TopicNames.COMMANDS, TopicNames.PROVIDER_REQUESTS, TopicNames.PROVIDER_RESULTS,
                TopicNames.STATUS, TopicNames.WEBHOOKS_DLQ, TopicNames.WEBHOOK_ATTEMPTS, TopicNames.WEBHOOK_DELIVERIES,
                TopicNames.WEBHOOK_REQUESTS, TopicNames.WEBHOOK_REPLAYS, TopicNames.TENANT_EVENTS)) {
            topics.add(topic(name, partitions, replication, minIsr, retained(eventRetention)));
        }
        for (String component : COMPONENTS) {
            topics.add(topic(TopicNames.deadLetters(component), partitions, replication, minIsr, retained(eventRetention)));
        }
        topics.add(topic(TopicNames.COMMAND_RESULTS, partitions, replication, minIsr, retained(resultRetention)));
        topics.add(topic(TopicNames.WEBHOOK_ENDPOINTS, partitions, replication, minIsr, compacted()));
        topics.add(topic(TopicNames.VENDOR_HEALTH, 1, replication, minIsr, compacted()));
        topics.add(topic(TopicNames.IDEMPOTENCY_KEYS, partitions, replication, minIsr,
                compactedThenDeleted(config.getDuration(IDEMPOTENCY_KEY_TTL, DEFAULT_IDEMPOTENCY_KEY_TTL).multipliedBy(2))));
        // One partition keeps the registry's log in the order ids were given.
        topics.add(topic(TopicNames.SCHEMAS, 1, replication, minIsr, compacted()));
        return topics;
    }

    /** Creates what is missing and waits until the broker has every topic. */
    public void provision(final Admin admin) {
        try {
            final Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            final List<NewTopic> missing = plannedTopics().stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            LOG.info("Created {} topics", missing.size());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the topics", e);
        }
    }

    private static NewTopic topic(final String name, final int partitions, final short replication,
                                  final String minIsr, final Map<String, String> configs) {
        final Map<String, String> all = new HashMap<>(configs);
        all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
        return new NewTopic(name, partitions, replication).configs(all);
    }

    private static Map<String, String> retained(final long retentionMs) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retentionMs));
    }

    /**
     * Compaction keeps the latest record of each key; deletion drops whole segments once their
     * newest record is older than {@code retention}, so keys no one asks for again leave without
     * tombstones. Hourly segments let both happen within hours rather than the default week.
     */
    private static Map<String, String> compactedThenDeleted(final Duration retention) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()),
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()));
    }

    private static Map<String, String> compacted() {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
}
