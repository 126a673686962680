package org.kycorchestrator.ingress.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.kycorchestrator.ingress.kafka.TopicFollower;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KafkaMeters;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.Vendor;

/** The vendors' circuits as the workers last reported them on {@code kyc.vendor-health}. */
public final class VendorCircuits implements AutoCloseable {

    private final Map<Vendor, String> circuits = new ConcurrentHashMap<>();
    private final TopicFollower<org.kycorchestrator.schemas.providers.VendorHealth> follower;

    public VendorCircuits(final KafkaClients clients, final KycTopics topics) {
        this.follower = new TopicFollower<>(clients, topics.vendorHealth(), true, (vendor, health) -> {
            if (health != null) {
                circuits.put(health.getVendor(), health.getCircuit());
            }
        });
    }

    public void start() {
        follower.start();
    }

    public boolean isOpen(final Vendor vendor) {
        return "OPEN".equals(circuits.get(vendor)) || "FORCED_OPEN".equals(circuits.get(vendor));
    }

    public void publishMetricsTo(final KafkaMeters meters) {
        follower.publishMetricsTo(meters);
    }

    @Override
    public void close() {
        follower.close();
    }
}
