package org.kycorchestrator.emitter.delivery;

/**
 * How the delivery of one message to one endpoint ended, after all its attempts.
 *
 * @param attempts    how many HTTP attempts were made
 * @param lastFailure what went wrong on the last attempt; {@code null} once delivered
 */
public record DeliveryResult(String endpointId, Status status, int attempts, String lastFailure) {

    public enum Status {
        /** The endpoint answered 2xx. */
        DELIVERED,
        /** Every attempt of the schedule failed. */
        FAILED,
        /** The endpoint answered 410 Gone: it wants no more webhooks, so it is not tried again. */
        GONE,
        /** Given up before the schedule ran out, because the emitter stopped or lost the partition. */
        CANCELLED
    }

    public boolean delivered() {
        return status == Status.DELIVERED;
    }
}
