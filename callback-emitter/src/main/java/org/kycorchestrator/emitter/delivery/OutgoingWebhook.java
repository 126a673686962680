package org.kycorchestrator.emitter.delivery;

import java.util.Objects;

/**
 * What is delivered: the JSON body, and the id that goes out as {@code webhook-id}. The id stays the
 * same on every attempt and every endpoint, so receivers can drop duplicates.
 */
public record OutgoingWebhook(String id, String body) {

    public OutgoingWebhook {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(body, "body cannot be null");
    }
}
