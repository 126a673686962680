package org.kycorchestrator.sandbox;

import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.kycorchestrator.sandbox.paycc.PayccSandboxSettings;
import org.kycorchestrator.sandbox.paycc.PayccSimulator;
import org.kycorchestrator.sandbox.capa.CapaSandboxSettings;
import org.kycorchestrator.sandbox.capa.CapaSimulator;
import org.kycorchestrator.sandbox.faults.FaultInjector;
import org.kycorchestrator.sandbox.grid.GridSettings;
import org.kycorchestrator.sandbox.grid.GridSimulator;
import org.kycorchestrator.sandbox.xgateway.XGatewaySimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server that simulates the KYC vendors' documented APIs, with their asynchronous callbacks
 * and fault modes, so the orchestrator can be run and tested without the real vendors. Every vendor
 * lives under its own path prefix: xGateway under {@code /xgateway/api/v2}, IPAYMENT Paycc under
 * {@code /paycc/api}, Capa under {@code /capa}, Lightspark Grid under {@code /grid/grid/2025-10-13}.
 */
public final class ProviderSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderSandbox.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Javalin app;
    private final int port;
    private final List<VendorSimulator> simulators;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProviderSandbox(final Javalin app, final int port, final List<VendorSimulator> simulators,
                            final ScheduledExecutorService scheduler) {
        this.app = app;
        this.port = port;
        this.simulators = simulators;
        this.scheduler = scheduler;
    }

    /** Starts the sandbox; it serves until {@link #close()}. A port of {@code 0} picks a random free port. */
    public static ProviderSandbox start(final SandboxSettings settings) {
        return start(settings, VendorSandboxSettings.defaults());
    }

    /** Starts the sandbox with IPAYMENT Paycc's own settings. */
    public static ProviderSandbox start(final SandboxSettings settings, final PayccSandboxSettings paycc) {
        return start(settings, VendorSandboxSettings.defaults().withPaycc(paycc));
    }

    /** Starts the sandbox with Capa's own settings (its credentials, webhook URL and schedule). */
    public static ProviderSandbox start(final SandboxSettings settings, final CapaSandboxSettings capa) {
        return start(settings, VendorSandboxSettings.defaults().withCapa(capa));
    }

    /** Starts the sandbox with Lightspark Grid's own settings (credentials, webhook URL, delay). */
    public static ProviderSandbox start(final SandboxSettings settings, final GridSettings grid) {
        return start(settings, VendorSandboxSettings.defaults().withGrid(grid));
    }

    /** Starts the sandbox with the vendors' own settings (credentials, webhook URLs, schedules). */
    public static ProviderSandbox start(final SandboxSettings settings, final VendorSandboxSettings vendors) {
        Objects.requireNonNull(settings, "settings cannot be null");
        Objects.requireNonNull(vendors, "vendors cannot be null");
        final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads());
        final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        final AtomicInteger boundPort = new AtomicInteger(settings.port());
        final FaultInjector faults = new FaultInjector(json);

        final List<VendorSimulator> simulators = List.of(
                new XGatewaySimulator(new XGatewaySimulator.Options(settings.xgatewayApiKey(),
                        settings.xgatewaySecretKey(), settings.xgatewayCallbackUrl(), settings.callbackDelay(), settings.accountsAt("xgateway")),
                        () -> "http://localhost:" + boundPort.get(), json, http, scheduler),
                new PayccSimulator(vendors.paycc(), settings.accountsAt("paycc"), () -> "http://localhost:" + boundPort.get(), json),
                new CapaSimulator(vendors.capa(), settings.accountsAt("capa"), () -> "http://localhost:" + boundPort.get(), json, http,
                        scheduler),
                new GridSimulator(vendors.grid(), settings.accountsAt("grid"), () -> "http://localhost:" + boundPort.get(), json, http,
                        scheduler));
        try {
            final Javalin app = Javalin.create(config -> {
                config.jetty.port = settings.port();
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.http.defaultContentType = "application/json";
                faults.register(config.routes);
                simulators.forEach(simulator -> simulator.registerRoutes(config.routes));
                // For tests that must prove which account (which credentials) a customer was served by.
                config.routes.get("/_admin/accounts/{vendor}/{id}", ctx -> accountsHolding(simulators, json, ctx));
                config.routes.exception(HttpResponseException.class,
                        (e, ctx) -> renderError(simulators, json, ctx, e.getStatus(), e.getMessage()));
                config.routes.exception(Exception.class, (e, ctx) -> {
                    LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                    renderError(simulators, json, ctx, 500, "Internal server error.");
                });
            }).start();
            boundPort.set(app.port());
            LOG.info("provider sandbox listening on port {} ({}, {})", app.port(), settings, vendors);
            return new ProviderSandbox(app, app.port(), simulators, scheduler);
        } catch (RuntimeException e) {
            simulators.forEach(VendorSimulator::close);
            scheduler.shutdownNow();
            throw e;
        }
    }

    /** The port the sandbox listens on (the chosen one when started with port {@code 0}). */
    public int port() {
        return port;
    }

    /** The base URL of the simulated xGateway API, {@code http://localhost:<port>/xgateway/api/v2}. */
    public String xgatewayBaseUrl() {
        return "http://localhost:" + port + XGatewaySimulator.API_PREFIX;
    }

    /** The base URL of the simulated IPAYMENT Paycc API, {@code http://localhost:<port>/paycc/api}. */
    public String payccBaseUrl() {
        return "http://localhost:" + port + PayccSimulator.API_PREFIX;
    }

    /** The base URL of the simulated Capa API, {@code http://localhost:<port>/capa}; its paths start {@code /api/partner/v2}. */
    public String capaBaseUrl() {
        return "http://localhost:" + port + CapaSimulator.PATH_PREFIX;
    }

    /** The base URL of the simulated Lightspark Grid API, {@code http://localhost:<port>/grid/grid/2025-10-13}. */
    public String gridBaseUrl() {
        return "http://localhost:" + port + GridSimulator.API_PREFIX;
    }

    /**
     * The PEM (SubjectPublicKeyInfo) of the P-256 public key that Grid webhooks' {@code X-Grid-Signature}
     * verifies with. The key pair is made at every start, so read it after starting.
     */
    public String gridWebhookPublicKeyPem() {
        return gridWebhookPublicKeyPem(SandboxAccount.DEFAULT);
    }

    /**
     * The PEM of the public key that the webhooks of one Grid account (by its name) verify with:
     * each account signs with a key pair of its own, made at every start.
     *
     * @throws IllegalArgumentException when Grid has no account of that name
     */
    public String gridWebhookPublicKeyPem(final String account) {
        return simulators.stream().filter(GridSimulator.class::isInstance).map(GridSimulator.class::cast)
                .findFirst().orElseThrow().webhookPublicKeyPem(account);
    }

    /** Stops the server and drops pending callbacks; calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            app.stop();
        } finally {
            simulators.forEach(VendorSimulator::close);
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("provider sandbox on port {} stopped", port);
        }
    }

    /** {@code {"accounts":[names]}}: the accounts of the vendor that hold the customer; 404 for an unknown vendor. */
    private static void accountsHolding(final List<VendorSimulator> simulators, final ObjectMapper json, final Context ctx)
            throws JsonProcessingException {
        final String prefix = "/" + ctx.pathParam("vendor");
        final VendorSimulator simulator = simulators.stream().filter(s -> s.pathPrefix().equals(prefix)).findFirst().orElse(null);
        if (simulator == null) {
            renderError(simulators, json, ctx, 404, "No such vendor: " + ctx.pathParam("vendor"));
            return;
        }
        ctx.status(200).contentType("application/json")
                .result(json.writeValueAsBytes(Map.of("accounts", simulator.accountsHolding(ctx.pathParam("id")))));
    }

    /** Errors outside any vendor's prefix get a neutral {@code {"status","message"}} body. */
    private static void renderError(final List<VendorSimulator> simulators, final ObjectMapper json,
                                    final Context ctx, final int status, final String message) {
        for (final VendorSimulator simulator : simulators) {
            if (ctx.path().startsWith(simulator.pathPrefix() + "/")) {
                simulator.renderError(ctx, status, message);
                return;
            }
        }
        try {
            ctx.status(status).contentType("application/json")
                    .result(json.writeValueAsBytes(Map.of("status", status, "message", String.valueOf(message))));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadFactory daemonThreads() {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, "provider-sandbox-scheduler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
