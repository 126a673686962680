package org.kycorchestrator.emitter.delivery;

import java.util.Objects;

import org.kycorchestrator.emitter.signing.WebhookSigner;

/** Where a message goes and how it is signed there. The URL is never logged: it may carry a token. */
public record WebhookTarget(String endpointId, String url, WebhookSigner signer) {

    public WebhookTarget {
        Objects.requireNonNull(endpointId, "endpointId cannot be null");
        Objects.requireNonNull(url, "url cannot be null");
        Objects.requireNonNull(signer, "signer cannot be null");
    }
}
