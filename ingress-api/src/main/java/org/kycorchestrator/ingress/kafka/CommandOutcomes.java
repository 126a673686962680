package org.kycorchestrator.ingress.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KafkaMeters;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.commands.CommandResult;

/**
 * Hands the orchestrator's answers on {@code kyc.command-results} to the callers of this
 * instance who asked to wait ({@code Prefer: wait=N}). Every instance reads every answer and
 * keeps only those its own callers wait for: the answer to a command sent through another
 * instance is dropped here. Several callers may wait for the same command (a retry with the same
 * Idempotency-Key); each gets the answer, and each one's wait ends on its own.
 */
public final class CommandOutcomes implements AutoCloseable {

    private final Map<String, Set<CompletableFuture<CommandResult>>> waiting = new ConcurrentHashMap<>();
    private final TopicFollower<CommandResult> follower;

    public CommandOutcomes(final KafkaClients clients, final KycTopics topics) {
        this.follower = new TopicFollower<>(clients, topics.commandResults(), false, (customerId, result) -> {
            if (result != null) {
                Optional.ofNullable(waiting.remove(result.getCommandId())).ifPresent(callers -> callers.forEach(f -> f.complete(result)));
            }
        });
    }

    public void start() {
        follower.start();
    }

    public boolean isReady() {
        return follower.isCaughtUp();
    }

    /**
     * Registers interest before the command is published, so a fast answer is not missed. The
     * future completes empty when no answer came within {@code wait}; a caller whose command was
     * not published simply leaves it to end so.
     */
    public CompletableFuture<Optional<CommandResult>> expect(final String commandId, final Duration wait) {
        final CompletableFuture<CommandResult> answer = new CompletableFuture<>();
        waiting.computeIfAbsent(commandId, id -> ConcurrentHashMap.newKeySet()).add(answer);
        return answer.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(Optional::of)
                .exceptionally(timeout -> {
                    stopWaiting(commandId, answer);
                    return Optional.empty();
                });
    }

    private void stopWaiting(final String commandId, final CompletableFuture<CommandResult> answer) {
        waiting.computeIfPresent(commandId, (id, callers) -> {
            callers.remove(answer);
            return callers.isEmpty() ? null : callers;
        });
    }

    /**
     * Ends every wait now, as if its time had run out: each caller gets the answer it gets when the
     * outcome is late. For a stop that cannot wait for outcomes any longer.
     */
    public void stopWaiting() {
        waiting.keySet().forEach(commandId -> Optional.ofNullable(waiting.remove(commandId))
                .ifPresent(callers -> callers.forEach(answer -> answer.completeExceptionally(new CancellationException("the API is stopping")))));
    }

    public void publishMetricsTo(final KafkaMeters meters) {
        follower.publishMetricsTo(meters);
    }

    @Override
    public void close() {
        follower.close();
    }
}
