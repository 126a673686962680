package org.kycorchestrator.ingress.webhooks.deliveries;

import java.util.List;
import java.util.Optional;

import org.kycorchestrator.schemas.webhooks.WebhookDelivery;

/** One page of an endpoint's attempts, newest first, and where the next page starts (none on the last). */
public record DeliveryPage(List<WebhookDelivery> attempts, Optional<DeliveryCursor> next) {

    public DeliveryPage {
        attempts = List.copyOf(attempts);
    }
}
