package org.kycorchestrator.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.javalin.Javalin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.state.HostInfo;
import org.kycorchestrator.app.registry.SchemaRegistryRoutes;
import org.kycorchestrator.app.registry.SchemaStore;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.emitter.CallbackEmitter;
import org.kycorchestrator.ingress.IngressApi;
import org.kycorchestrator.ingress.operations.KafkaReachability;
import org.kycorchestrator.ingress.operations.Operations;
import org.kycorchestrator.ingress.operations.PrometheusMetrics;
import org.kycorchestrator.ingress.operations.Readiness;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.tenants.TenantDirectory;
import org.kycorchestrator.tenants.TenantsFile;
import org.kycorchestrator.kafka.HttpSchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicProvisioner;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.orchestrator.Orchestrator;
import org.kycorchestrator.orchestrator.queries.CaseQueryRoutes;
import org.kycorchestrator.webhooks.AddressPolicy;
import org.kycorchestrator.workers.ProviderWorkers;
import org.kycorchestrator.workers.accounts.VendorAccounts;
import org.kycorchestrator.workers.callbacks.CallbackAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything in one process, for a laptop and for end-to-end tests: the embedded Kafka broker
 * (unless {@code KAFKA_BOOTSTRAP_SERVERS} names a cluster), the embedded schema registry (unless
 * {@code KYC_SCHEMA_REGISTRY_URL} names one), the sandbox vendors (unless a vendor URL is set), and
 * every component. Components still meet only through topics.
 *
 * <p>All of them share one meter registry, served on {@code /metrics}; {@code /health/ready} is
 * 200 only while Kafka answers and every component runs. {@link #close()} (and SIGTERM, through
 * {@link KycAppMain}) first stops HTTP gracefully (see {@link Operations#stop}), then the components.
 */
public final class KycApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KycApp.class);
    static final String SANDBOX_XGATEWAY_KEY = SandboxVendors.XGATEWAY_KEY;
    static final String SANDBOX_XGATEWAY_SECRET = SandboxVendors.XGATEWAY_SECRET;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final int httpPort;
    private final String demoApiKey;
    private final Duration startupTime;
    private final String bootstrapServers;
    private final Orchestrator orchestrator;
    private final IngressApi ingress;
    private final Readiness readiness;
    private final Operations operations;
    private final Javalin http;
    private boolean closed;

    private KycApp(final Config given) {
        final long begin = System.nanoTime();
        Config config = given;
        this.httpPort = port(config.getInt("KYC_HTTP_PORT", 8080));
        // A bad tenants file stops start-up before anything is started.
        final Optional<TenantDirectory> tenantsFromFile = TenantsFile.fromConfig(config);
        this.demoApiKey = tenantsFromFile.isPresent() ? null : config.find("KYC_DEMO_API_KEY").orElseGet(() -> randomKey("kyc_demo_"));
        if (config.find("KYC_INTERNAL_TOKEN").isEmpty()) {
            // One instance alone needs no shared token; several must be given the same one.
            config = config.with("KYC_INTERNAL_TOKEN", randomKey("kyc_internal_"));
        }
        if (config.find(AddressPolicy.ALLOW_PRIVATE).isEmpty()) {
            // The quick start registers webhooks on localhost; a deployment leaves this off.
            config = config.with(AddressPolicy.ALLOW_PRIVATE, "true");
        }
        final String ownUrl = "http://localhost:" + httpPort;
        final Duration grace = Operations.grace(config);
        final PrometheusMetrics metrics = new PrometheusMetrics();
        started.push(metrics);

        final String bootstrap = config.find("KAFKA_BOOTSTRAP_SERVERS").orElseGet(() -> {
            final EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                    Path.of(given.get("KYC_DATA_DIR", "./data")), given.getInt("KYC_KAFKA_PORT", 9092)).start();
            started.push(broker);
            return broker.bootstrapServers();
        });
        this.bootstrapServers = bootstrap;
        final KafkaClients clients = new KafkaClients(bootstrap);
        final KafkaReachability kafka = new KafkaReachability(clients,
                config.getDuration(KafkaReachability.TIMEOUT_CONFIG, KafkaReachability.DEFAULT_TIMEOUT));
        started.push(kafka);
        try (Admin admin = Admin.create(clients.admin())) {
            new TopicProvisioner(config).provision(admin);
        }

        final SandboxVendors.Started sandbox = SandboxVendors.startIfNeeded(config, port(config.getInt("KYC_SANDBOX_PORT", 8090)), ownUrl,
                tenantsFromFile);
        if (sandbox.sandbox() != null) {
            started.push(sandbox.sandbox());
        }
        config = sandbox.config();
        // Where the sandbox plays Grid, a tenant's own Grid webhooks verify with the key of its account there.
        final Optional<TenantDirectory> tenants = sandbox.tenants();

        final SchemaStore schemaStore = config.find("KYC_SCHEMA_REGISTRY_URL").isPresent() ? null : new SchemaStore(clients);
        if (schemaStore != null) {
            started.push(schemaStore);
        }
        final KycTopics topics = new KycTopics(new HttpSchemaRegistryClient(
                config.get("KYC_SCHEMA_REGISTRY_URL", ownUrl + SchemaRegistryRoutes.PREFIX)));

        this.orchestrator = new Orchestrator(config, clients, topics, new HostInfo(config.get("KYC_ORCHESTRATOR_HOST", "localhost"), httpPort),
                metrics.registry());
        // Both read the tenants file: the workers call each vendor with the tenant's own account where it has one,
        // and the ingress checks that account's callbacks with its secret.
        final HttpClient vendorHttp = ProviderWorkers.httpClient();
        this.ingress = new IngressApi(config, clients, topics, tenants.map(Tenants::of).orElseGet(() -> Tenants.demo(demoApiKey)),
                CallbackAccounts.fromConfig(config, vendorHttp, tenants),
                new OrchestratorCaseReader(orchestrator.queries()), metrics.registry());
        started.push(ingress);
        final ProviderWorkers workers = new ProviderWorkers(config, clients, topics,
                VendorAccounts.fromConfig(config, vendorHttp, tenants), metrics.registry());
        final CallbackEmitter emitter = new CallbackEmitter(config, clients, topics, metrics.registry());
        this.readiness = Readiness.of("kafka", kafka)
                .and("orchestrator", () -> orchestrator.isRunning() ? List.of() : List.of("its streams are " + orchestrator.state()))
                .and("callback-emitter", emitter::notReadyBecause)
                .and("provider-workers", Readiness.Check.when(workers::isRunning, "the provider worker is not running"))
                .and("ingress-api", Readiness.Check.when(ingress::isReady,
                        "not caught up with kyc.command-results and kyc.webhook-endpoints yet"));
        this.operations = new Operations(metrics, readiness, grace);

        this.http = Javalin.create(javalin -> {
            javalin.jetty.port = httpPort;
            javalin.startup.showJavalinBanner = false;
            // First, so that the request id and the metrics cover every route below.
            operations.configure(javalin);
            if (schemaStore != null) {
                new SchemaRegistryRoutes(schemaStore).register(javalin.routes);
            }
            ingress.configure(javalin);
            new CaseQueryRoutes(orchestrator.queries()).register(javalin.routes);
        }).start();

        ingress.start();
        started.push(orchestrator);
        orchestrator.start();
        started.push(workers);
        workers.start();
        started.push(emitter);
        emitter.start();
        awaitReady(config.getDuration("KYC_STARTUP_TIMEOUT", Duration.ofSeconds(60)));
        this.startupTime = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("Ready in {} ms: HTTP on {}, Kafka at {}", startupTime.toMillis(), httpPort, bootstrap);
    }

    /** Starts everything and returns once the app is ready to serve. */
    public static KycApp start(final Config config) {
        Objects.requireNonNull(config, "config cannot be null");
        return new KycApp(config);
    }

    private void awaitReady(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, List<String>> problems;
        while (!(problems = readiness.problems()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("not ready after " + timeout + ": " + problems);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    /** The Kafka cluster the app uses: its embedded broker, or the configured one. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The demo tenant's API key; null when the tenants come from {@code KYC_TENANTS_FILE}. */
    public String demoApiKey() {
        return demoApiKey;
    }

    public Duration startupTime() {
        return startupTime;
    }

    /** Every route the app's server answers, as "METHOD /path/{param}", from Javalin's router. */
    List<String> routes() {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(handler -> handler.endpoint.method.isHttpMethod())
                .map(handler -> handler.endpoint.method.name() + " " + handler.endpoint.path)
                .toList();
    }

    /**
     * Stops HTTP first (the port closes; requests in flight may finish within
     * {@code KYC_SHUTDOWN_GRACE}), then every component, then the broker. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (http != null) {
            operations.stop(http, ingress::answerWaitingCallersNow);
        }
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("Failure while stopping", e);
            }
        }
    }

    private static int port(final int configured) {
        if (configured != 0) {
            return configured;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static String randomKey(final String prefix) {
        final byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
