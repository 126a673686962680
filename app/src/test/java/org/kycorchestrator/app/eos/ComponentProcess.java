package org.kycorchestrator.app.eos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One component (the orchestrator, the callback emitter, ...) as its own operating-system process,
 * started from this JVM's class path with the component's own main class, exactly as it runs in
 * production. Being a process of its own is what lets {@link #kill()} be a real crash: SIGKILL gives
 * it no chance to close anything.
 *
 * <p>Its working directory is the directory it is given: its log goes there as {@code <name>.log},
 * and its state as {@code KYC_DATA_DIR=<dir>/data}. Two processes started one after the other on the
 * same directory therefore share their state, as a restarted instance on the same disk would.
 */
final class ComponentProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread reaper;

    private ComponentProcess(final String name, final Process process, final Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        // Should this JVM die before @AfterEach runs, the process must not outlive it.
        this.reaper = new Thread(process::destroyForcibly, name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * @param mainClass the component's main class, as its start script names it
     * @param dir       the process's own directory: its log and its state go there
     * @param env       the configuration; {@code KYC_DATA_DIR} is added
     */
    static ComponentProcess start(final String name, final Class<?> mainClass, final Path dir, final Map<String, String> env) {
        Objects.requireNonNull(name, "name cannot be null");
        Objects.requireNonNull(mainClass, "mainClass cannot be null");
        Objects.requireNonNull(env, "env cannot be null");
        final Path log = dir.resolve(name + ".log");
        final List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Several JVMs and the broker share two cores: a small heap and C1 alone keep start-up cheap.
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                mainClass.getName());
        try {
            Files.createDirectories(dir);
            final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            final Map<String, String> environment = builder.environment();
            // Only what the test sets configures the process, never what the build happened to export.
            environment.keySet().removeIf(key -> key.startsWith("KYC_") || key.startsWith("KAFKA_"));
            environment.putAll(env);
            environment.put("KYC_DATA_DIR", dir.resolve("data").toString());
            return new ComponentProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    String name() {
        return name;
    }

    /** Throws, with the end of its log, if the process has exited: waiting for it to be ready would be in vain. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + logTail(40));
        }
    }

    /** SIGKILL: no close, no LeaveGroup, no flush; whatever was in flight is left as it was. */
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
                throw new IllegalStateException(name + " did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
        }
    }

    /** A port nothing listens on now, for a process that serves HTTP. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
