package org.kycorchestrator.emitter.replay;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookMessage;

/** A topic a replay reads, and how its records become the webhooks an endpoint gets again. */
interface ReplaySource {

    String topic();

    /**
     * The webhook this record holds for the endpoint, or empty when the record is none of the
     * endpoint's business. Throws when the record cannot be read.
     */
    Optional<WebhookMessage> messageFor(WebhookEndpoint endpoint, ConsumerRecord<byte[], byte[]> record);
}
