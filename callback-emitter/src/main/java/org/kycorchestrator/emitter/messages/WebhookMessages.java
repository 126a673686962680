package org.kycorchestrator.emitter.messages;

import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;

/** Makes the webhooks the emitter sends out of the events it reads. */
public final class WebhookMessages {

    private WebhookMessages() {
    }

    /** The webhook of a status event; its id, the {@code webhook-id}, is the event id. */
    public static WebhookMessage fromStatus(final KycStatusEvent event) {
        return WebhookMessage.newBuilder()
                .setId(event.getEventId())
                .setTenantId(event.getTenantId())
                .setSubject(event.getCustomerId())
                .setType(event.getType())
                .setSequence(event.getSequence())
                .setOccurredAt(event.getOccurredAt())
                .setPayload(StatusEventPayload.json(event))
                .build();
    }
}
