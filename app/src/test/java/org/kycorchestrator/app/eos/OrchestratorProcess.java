package org.kycorchestrator.app.eos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.kycorchestrator.orchestrator.OrchestratorMain;

/**
 * One orchestrator instance as its own operating-system process, started from this JVM's class
 * path with {@link OrchestratorMain}, exactly as it runs in production. Being a process of its own
 * is what lets {@link #kill()} be a real crash: SIGKILL gives it no chance to close anything.
 */
final class OrchestratorProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final Thread reaper;

    private OrchestratorProcess(final String name, final Process process, final Path log, final int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        // Should this JVM die before @AfterEach runs, the instance must not outlive it.
        this.reaper = new Thread(process::destroyForcibly, name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * @param dir   the instance's own directory: its state stores and its log go there
     * @param env   the configuration; {@code KYC_DATA_DIR} and {@code KYC_HTTP_PORT} are added
     */
    static OrchestratorProcess start(final String name, final Path dir, final Map<String, String> env) {
        Objects.requireNonNull(name, "name cannot be null");
        final int port = freePort();
        final Path log = dir.resolve(name + ".log");
        final List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Three JVMs and the broker share two cores: a small heap and C1 alone keep start-up cheap.
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                OrchestratorMain.class.getName());
        try {
            Files.createDirectories(dir);
            final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            final Map<String, String> environment = builder.environment();
            // Only what the test sets configures the instance, never what the build happened to export.
            environment.keySet().removeIf(key -> key.startsWith("KYC_") || key.startsWith("KAFKA_"));
            environment.putAll(env);
            environment.put("KYC_DATA_DIR", dir.resolve("data").toString());
            environment.put("KYC_HTTP_PORT", String.valueOf(port));
            return new OrchestratorProcess(name, builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start orchestrator " + name, e);
        }
    }

    String name() {
        return name;
    }

    /** True when its streams are RUNNING, as its readiness endpoint says. */
    boolean isReady() {
        if (!process.isAlive()) {
            throw new IllegalStateException("orchestrator " + name + " exited with " + process.exitValue() + "\n" + logTail(40));
        }
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // its HTTP server is not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no close, no LeaveGroup, and whatever transaction was open is left to time out. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    String logTail(final int lines) {
        try {
            final List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "---- last lines of " + log + " ----\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down, and the reaper is running
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("orchestrator " + name + " did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for orchestrator " + name + " to exit", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** The environment every instance of one run shares. */
    static Map<String, String> sharedEnvironment(final String bootstrapServers, final String registryUrl, final int partitions,
                                                 final String applicationId) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KYC_SCHEMA_REGISTRY_URL", registryUrl);
        env.put("KYC_TOPIC_PARTITIONS", String.valueOf(partitions));
        env.put("KYC_VERIFICATION_TIMEOUT", "1s");
        env.put("KYC_ORCHESTRATOR_TIMER_INTERVAL", "200ms");
        env.put("KYC_ORCHESTRATOR_SESSION_TIMEOUT", "6s");
        env.put("KYC_ORCHESTRATOR_APPLICATION_ID", applicationId);
        // Guards the instances' internal case reads, which this test does not make.
        env.put("KYC_INTERNAL_TOKEN", "eos-internal-" + applicationId);
        return env;
    }
}
