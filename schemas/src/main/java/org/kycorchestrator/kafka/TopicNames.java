package org.kycorchestrator.kafka;

/** The names of every topic of the system; DESIGN.md explains what each holds. */
public final class TopicNames {

    public static final String COMMANDS = "kyc.commands";
    public static final String PROVIDER_REQUESTS = "kyc.provider-requests";
    public static final String PROVIDER_RESULTS = "kyc.provider-results";
    public static final String STATUS = "kyc.status";
    public static final String COMMAND_RESULTS = "kyc.command-results";
    public static final String WEBHOOK_ENDPOINTS = "kyc.webhook-endpoints";
    public static final String VENDOR_HEALTH = "kyc.vendor-health";
    public static final String WEBHOOKS_DLQ = "kyc.webhooks.dlq";
    /** Attempts the webhook scheduler asks the sender to make. */
    public static final String WEBHOOK_ATTEMPTS = "kyc.webhooks.attempts";
    /** Every attempt made and how it ended: the delivery log. */
    public static final String WEBHOOK_DELIVERIES = "kyc.webhooks.deliveries";
    /** Replays and endpoint releases for the webhook scheduler. */
    public static final String WEBHOOK_REQUESTS = "kyc.webhooks.requests";
    /** Merchants' replay requests. */
    public static final String WEBHOOK_REPLAYS = "kyc.webhooks.replays";
    /** What tenants are told about their own setup, such as an endpoint disabled for failing. */
    public static final String TENANT_EVENTS = "kyc.tenant-events";
    /** Merchants' Idempotency-Keys with the request each was first used with and its first answer. */
    public static final String IDEMPOTENCY_KEYS = "kyc.idempotency-keys";
    public static final String SCHEMAS = "_kyc_schemas";

    private TopicNames() {
    }

    /** Where a component puts the records it could not process. */
    public static String deadLetters(final String component) {
        return "kyc.dlq." + component;
    }
}
