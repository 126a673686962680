package org.kycorchestrator.kafka;

import java.util.Objects;

import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.deadletters.DeadLetter;
import org.kycorchestrator.schemas.idempotency.IdempotencyRecord;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.schemas.providers.VendorHealth;
import org.kycorchestrator.schemas.webhooks.ReplayRequest;
import org.kycorchestrator.schemas.webhooks.TenantEvent;
import org.kycorchestrator.schemas.webhooks.WebhookAttempt;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.schemas.webhooks.WebhookRequest;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Every topic's descriptor, with serdes that resolve schema ids through one registry. */
public final class KycTopics {

    private final SchemaRegistryClient registry;
    private final Topic<KycCommand> commands;
    private final Topic<ProviderRequest> providerRequests;
    private final Topic<ProviderResult> providerResults;
    private final Topic<KycStatusEvent> status;
    private final Topic<CommandResult> commandResults;
    private final Topic<WebhookEndpoint> webhookEndpoints;
    private final Topic<VendorHealth> vendorHealth;
    private final Topic<WebhookAttempt> webhookAttempts;
    private final Topic<WebhookDelivery> webhookDeliveries;
    private final Topic<WebhookRequest> webhookRequests;
    private final Topic<ReplayRequest> webhookReplays;
    private final Topic<TenantEvent> tenantEvents;
    private final Topic<IdempotencyRecord> idempotencyKeys;

    public KycTopics(final SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        this.commands = Topic.of(TopicNames.COMMANDS, serde(KycCommand.class));
        this.providerRequests = Topic.of(TopicNames.PROVIDER_REQUESTS, serde(ProviderRequest.class));
        this.providerResults = Topic.of(TopicNames.PROVIDER_RESULTS, serde(ProviderResult.class));
        this.status = Topic.of(TopicNames.STATUS, serde(KycStatusEvent.class));
        this.commandResults = Topic.of(TopicNames.COMMAND_RESULTS, serde(CommandResult.class));
        this.webhookEndpoints = Topic.of(TopicNames.WEBHOOK_ENDPOINTS, serde(WebhookEndpoint.class));
        this.vendorHealth = Topic.of(TopicNames.VENDOR_HEALTH, serde(VendorHealth.class));
        this.webhookAttempts = Topic.of(TopicNames.WEBHOOK_ATTEMPTS, serde(WebhookAttempt.class));
        this.webhookDeliveries = Topic.of(TopicNames.WEBHOOK_DELIVERIES, serde(WebhookDelivery.class));
        this.webhookRequests = Topic.of(TopicNames.WEBHOOK_REQUESTS, serde(WebhookRequest.class));
        this.webhookReplays = Topic.of(TopicNames.WEBHOOK_REPLAYS, serde(ReplayRequest.class));
        this.tenantEvents = Topic.of(TopicNames.TENANT_EVENTS, serde(TenantEvent.class));
        this.idempotencyKeys = Topic.of(TopicNames.IDEMPOTENCY_KEYS, serde(IdempotencyRecord.class));
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public <T extends SpecificRecord> Serde<T> serde(final Class<T> type) {
        return new ConfluentAvroSerde<>(type, registry);
    }

    public Topic<KycCommand> commands() {
        return commands;
    }

    public Topic<ProviderRequest> providerRequests() {
        return providerRequests;
    }

    public Topic<ProviderResult> providerResults() {
        return providerResults;
    }

    public Topic<KycStatusEvent> status() {
        return status;
    }

    public Topic<CommandResult> commandResults() {
        return commandResults;
    }

    public Topic<WebhookEndpoint> webhookEndpoints() {
        return webhookEndpoints;
    }

    public Topic<VendorHealth> vendorHealth() {
        return vendorHealth;
    }

    public Topic<WebhookAttempt> webhookAttempts() {
        return webhookAttempts;
    }

    public Topic<WebhookDelivery> webhookDeliveries() {
        return webhookDeliveries;
    }

    public Topic<WebhookRequest> webhookRequests() {
        return webhookRequests;
    }

    public Topic<ReplayRequest> webhookReplays() {
        return webhookReplays;
    }

    public Topic<TenantEvent> tenantEvents() {
        return tenantEvents;
    }

    public Topic<IdempotencyRecord> idempotencyKeys() {
        return idempotencyKeys;
    }

    public Topic<DeadLetter> deadLetters(final String component) {
        return Topic.of(TopicNames.deadLetters(component), serde(DeadLetter.class));
    }

    /** The store of the orchestrator's cases; its changelog is Avro in the wire format too. */
    public Serde<KycCase> caseSerde() {
        return serde(KycCase.class);
    }
}
