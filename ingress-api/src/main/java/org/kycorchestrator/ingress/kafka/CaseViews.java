package org.kycorchestrator.ingress.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.kycorchestrator.ingress.tenants.Tenant;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.commands.KycCaseView;

/**
 * The merchant-visible side of every case, read from the orchestrator's compacted
 * {@code kyc.cases} topic. It lags the orchestrator by a moment; callers who need the outcome of
 * their own command wait for it on {@code kyc.command-results} instead.
 */
public final class CaseViews implements AutoCloseable {

    private final Map<String, KycCaseView> byCustomer = new ConcurrentHashMap<>();
    private final TopicFollower<KycCaseView> follower;

    public CaseViews(final KafkaClients clients, final KycTopics topics) {
        this.follower = new TopicFollower<>(clients, topics.cases(), true, (customerId, view) -> {
            if (view == null) {
                byCustomer.remove(customerId);
            } else {
                byCustomer.put(customerId, view);
            }
        });
    }

    public void start() {
        follower.start();
    }

    public boolean isReady() {
        return follower.isCaughtUp();
    }

    /** The tenant's case; another tenant's customer is reported exactly like an unknown one. */
    public Optional<KycCaseView> find(final Tenant tenant, final String customerId) {
        return Optional.ofNullable(byCustomer.get(customerId)).filter(view -> view.getTenantId().equals(tenant.id()));
    }

    @Override
    public void close() {
        follower.close();
    }
}
