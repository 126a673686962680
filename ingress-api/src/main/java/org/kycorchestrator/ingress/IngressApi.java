package org.kycorchestrator.ingress;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.kycorchestrator.blobs.FileSystemBlobStore;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.ingress.callbacks.VendorCallbackRoutes;
import org.kycorchestrator.ingress.customers.CustomerRoutes;
import org.kycorchestrator.ingress.documents.DocumentUploads;
import org.kycorchestrator.ingress.http.Auth;
import org.kycorchestrator.ingress.http.ErrorHandling;
import org.kycorchestrator.ingress.http.HeadRequests;
import org.kycorchestrator.ingress.http.JettyErrors;
import org.kycorchestrator.ingress.http.RequestBodies;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.idempotency.IdempotencyKeys;
import org.kycorchestrator.ingress.kafka.CommandOutcomes;
import org.kycorchestrator.ingress.kafka.Publisher;
import org.kycorchestrator.ingress.kafka.TopicFollower;
import org.kycorchestrator.ingress.openapi.OpenApiDocument;
import org.kycorchestrator.ingress.routing.VendorCircuits;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.ingress.webhooks.EndpointReleases;
import org.kycorchestrator.ingress.webhooks.WebhookEndpointRoutes;
import org.kycorchestrator.ingress.webhooks.deliveries.DeliveryLog;
import org.kycorchestrator.ingress.webhooks.deliveries.DeliveryRoutes;
import org.kycorchestrator.ingress.webhooks.deliveries.ReplayRoutes;
import org.kycorchestrator.webhooks.AddressPolicy;
import org.kycorchestrator.ingress.webhooks.WebhookEndpointTable;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KafkaMeters;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;
import org.kycorchestrator.workers.callbacks.CallbackAccounts;
import org.kycorchestrator.workers.callbacks.VendorCallbackVerifier;

/**
 * The merchant API and the vendor callback receivers. It stays thin: authenticate, validate,
 * publish, answer. It reads cases from the orchestrator's store ({@link CaseReader}) and outcomes
 * from {@code kyc.command-results}; it never writes case state.
 */
public final class IngressApi implements AutoCloseable {

    private final Publisher publisher;
    private final CommandOutcomes outcomes;
    private final IdempotencyKeys keys;
    private final VendorCircuits circuits;
    private final TopicFollower<WebhookEndpoint> endpointFollower;
    private final TopicFollower<WebhookDelivery> deliveryFollower;
    private final CustomerRoutes customerRoutes;
    private final WebhookEndpointRoutes webhookRoutes;
    private final DeliveryRoutes deliveryRoutes;
    private final ReplayRoutes replayRoutes;
    private final VendorCallbackRoutes callbackRoutes;
    private final KafkaMeters kafkaMeters;
    private final OpenApiDocument openApi = OpenApiDocument.fromClasspath();

    /** An API whose Kafka clients' metrics stay in memory, for when nothing publishes them. */
    public IngressApi(final Config config, final KafkaClients clients, final KycTopics topics, final Tenants tenants,
                      final List<VendorCallbackVerifier> verifiers, final CaseReader cases) {
        this(config, clients, topics, tenants, verifiers, cases, new SimpleMeterRegistry());
    }

    /** An API that receives the callbacks of the deployment's vendor accounts only. */
    public IngressApi(final Config config, final KafkaClients clients, final KycTopics topics, final Tenants tenants,
                      final List<VendorCallbackVerifier> verifiers, final CaseReader cases, final MeterRegistry registry) {
        this(config, clients, topics, tenants, CallbackAccounts.deploymentOnly(verifiers), cases, registry);
    }

    /**
     * @param callbacks the callback checks of the deployment's and the tenants' vendor accounts
     * @param registry  where the metrics of the API's Kafka clients go
     */
    public IngressApi(final Config config, final KafkaClients clients, final KycTopics topics, final Tenants tenants,
                      final CallbackAccounts callbacks, final CaseReader cases, final MeterRegistry registry) {
        Objects.requireNonNull(config, "config cannot be null");
        final Clock clock = Clock.systemUTC();
        final Auth auth = new Auth(tenants);
        // Within the 5 s the API promises for a 503, with room for a read of the case before it.
        this.publisher = new Publisher(clients, config.getDuration("KYC_PUBLISH_TIMEOUT", Duration.ofSeconds(3)));
        this.outcomes = new CommandOutcomes(clients, topics);
        this.keys = new IdempotencyKeys(clients, topics, publisher, clock,
                config.getDuration(IdempotencyKeys.TTL_CONFIG, IdempotencyKeys.DEFAULT_TTL));
        this.circuits = new VendorCircuits(clients, topics);
        // The provider workers read the files from the same store: see FileSystemBlobStore.
        final FileSystemBlobStore blobs = FileSystemBlobStore.fromConfig(config);
        this.customerRoutes = new CustomerRoutes(auth, topics, publisher, outcomes, cases, clock, circuits, keys,
                new DocumentUploads(blobs, blobs.incoming()));
        final WebhookEndpointTable endpoints = new WebhookEndpointTable();
        this.endpointFollower = new TopicFollower<>(clients, topics.webhookEndpoints(), true, endpoints::put);
        this.webhookRoutes = new WebhookEndpointRoutes(auth, endpoints,
                (id, endpoint) -> publisher.publish(topics.webhookEndpoints(), id, endpoint),
                EndpointReleases.onKafka(publisher, topics.webhookRequests(), clock), clock,
                config.getDuration(WebhookEndpointRoutes.OVERLAP_CONFIG, WebhookEndpointRoutes.DEFAULT_OVERLAP),
                AddressPolicy.from(config));
        final DeliveryLog deliveries = new DeliveryLog(config.getInt(DeliveryLog.LIMIT_CONFIG, DeliveryLog.DEFAULT_LIMIT));
        this.deliveryFollower = new TopicFollower<>(clients, topics.webhookDeliveries(), true, (subject, delivery) -> {
            if (delivery != null) {
                deliveries.record(delivery);
            }
        });
        this.deliveryRoutes = new DeliveryRoutes(auth, endpoints, deliveries, deliveryFollower::isCaughtUp);
        this.replayRoutes = new ReplayRoutes(auth, endpoints,
                (id, replay) -> publisher.publish(topics.webhookReplays(), id, replay), clock);
        this.callbackRoutes = new VendorCallbackRoutes(callbacks, cases, tenants::byId, topics, publisher, clock);
        this.kafkaMeters = new KafkaMeters(registry, "ingress-api");
        publisher.publishMetricsTo(kafkaMeters);
        outcomes.publishMetricsTo(kafkaMeters);
        circuits.publishMetricsTo(kafkaMeters);
        endpointFollower.publishMetricsTo(kafkaMeters);
        deliveryFollower.publishMetricsTo(kafkaMeters);
    }

    /** Adds the API's routes and its error envelope to a Javalin configuration. */
    public void configure(final JavalinConfig config) {
        config.http.maxRequestSize = RequestBodies.MAX_JSON_BYTES;
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        ErrorHandling.register(config.routes);
        HeadRequests.register(config.routes);
        // Every route takes JSON but the document upload, which takes multipart/form-data.
        new RequestBodies(Set.of(CustomerRoutes.DOCUMENTS)).register(config.routes);
        customerRoutes.register(config.routes);
        webhookRoutes.register(config.routes);
        deliveryRoutes.register(config.routes);
        replayRoutes.register(config.routes);
        callbackRoutes.register(config.routes);
        openApi.register(config.routes);
    }

    public void start() {
        outcomes.start();
        keys.start();
        circuits.start();
        endpointFollower.start();
        deliveryFollower.start();
    }

    /**
     * Ready once command outcomes are followed, and the idempotency keys and the webhook endpoints were
     * read to the end. The delivery log is not waited for: it can be long, and only its own route
     * needs it (503 until then).
     */
    public boolean isReady() {
        return outcomes.isReady() && keys.isReady() && endpointFollower.isCaughtUp();
    }

    /**
     * Callers waiting for an outcome ({@code Prefer: wait}) are answered now with what is known
     * (202 with the command id), so that a stop does not cut them off.
     */
    public void answerWaitingCallersNow() {
        outcomes.stopWaiting();
    }

    @Override
    public void close() {
        outcomes.close();
        keys.close();
        circuits.close();
        endpointFollower.close();
        deliveryFollower.close();
        publisher.close();
        kafkaMeters.close();
    }
}
