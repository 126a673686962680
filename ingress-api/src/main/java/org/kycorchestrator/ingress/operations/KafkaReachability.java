package org.kycorchestrator.ingress.operations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.kycorchestrator.kafka.KafkaClients;

/**
 * Whether the Kafka cluster answers: it is asked for its nodes, and must name at least one within
 * the timeout. The answer is kept for a second, so that frequent probes do not each ask the cluster.
 */
public final class KafkaReachability implements Readiness.Check, AutoCloseable {

    public static final String TIMEOUT_CONFIG = "KYC_HEALTH_KAFKA_TIMEOUT";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final long REMEMBERED_NANOS = Duration.ofSeconds(1).toNanos();

    private final Admin admin;
    private final Duration timeout;
    private final String bootstrapServers;
    private List<String> lastProblems = List.of();
    private long lastAskedNanos;
    private boolean asked;

    public KafkaReachability(final KafkaClients clients, final Duration timeout) {
        Objects.requireNonNull(clients, "clients cannot be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
        this.bootstrapServers = clients.bootstrapServers();
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "kyc-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
    }

    @Override
    public synchronized List<String> problems() {
        final long now = System.nanoTime();
        if (!asked || now - lastAskedNanos > REMEMBERED_NANOS) {
            lastProblems = ask();
            lastAskedNanos = System.nanoTime();
            asked = true;
        }
        return lastProblems;
    }

    private List<String> ask() {
        try {
            final int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return nodes > 0 ? List.of() : List.of("Kafka at " + bootstrapServers + " names no broker");
        } catch (TimeoutException | ExecutionException e) {
            return List.of("Kafka at " + bootstrapServers + " did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted while asking Kafka");
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
