package org.kycorchestrator.emitter.scheduling;

import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/** Whether webhooks may be sent to an endpoint now. */
public enum EndpointState {
    ENABLED,
    DISABLED,
    DELETED;

    public static EndpointState of(final WebhookEndpoint endpoint) {
        if (endpoint == null) {
            return DELETED;
        }
        return endpoint.getEnabled() ? ENABLED : DISABLED;
    }
}
