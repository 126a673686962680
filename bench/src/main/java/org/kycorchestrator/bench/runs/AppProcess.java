package org.kycorchestrator.bench.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.kycorchestrator.app.KycAppMain;

/**
 * The all-in-one app (embedded broker, registry, sandbox vendors, every component) as a child JVM,
 * started from this jar exactly as {@code java -jar app/target/kyc-orchestrator.jar} starts it, so its
 * memory and CPU are its own and not the load generator's. Its log goes to {@code app.log} in its
 * directory.
 */
final class AppProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final Path log;

    private AppProcess(final Process process, final int httpPort, final Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    static AppProcess start(final Path dir, final String apiKey, final List<String> jvmArgs) {
        final int httpPort = freePort();
        final Path log = dir.resolve("app.log");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", absoluteClassPath(), KycAppMain.class.getName()));
        try {
            Files.createDirectories(dir);
            final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("KYC_") || key.startsWith("KAFKA_"));
            builder.environment().putAll(Map.of(
                    "KYC_HTTP_PORT", Integer.toString(httpPort),
                    "KYC_KAFKA_PORT", Integer.toString(freePort()),
                    "KYC_SANDBOX_PORT", Integer.toString(freePort()),
                    "KYC_DATA_DIR", dir.resolve("data").toString(),
                    "KYC_DEMO_API_KEY", apiKey,
                    // the sandbox vendors decide a verification at once: no added latency
                    "KYC_SANDBOX_CALLBACK_DELAY", "0s"));
            final AppProcess app = new AppProcess(builder.start(), httpPort, log);
            Runtime.getRuntime().addShutdownHook(new Thread(app.process::destroyForcibly, "bench-app-reaper"));
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the app", e);
        }
    }

    /** Waits for {@code /health/ready} to answer 200. */
    void awaitReady(final Duration timeout) throws InterruptedException {
        final HttpClient http = HttpClient.newHttpClient();
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the app was not ready within " + timeout + "; see " + log);
    }

    String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, so a flight recording is written out; SIGKILL if it takes too long. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** This JVM's class path, each entry absolute: the app runs in a directory of its own. */
    private static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
