package org.kycorchestrator.ingress.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
 * keeps only those its own callers wait for.
 */
public final class CommandOutcomes implements AutoCloseable {

    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();
    private final TopicFollower<CommandResult> follower;

    public CommandOutcomes(final KafkaClients clients, final KycTopics topics) {
        this.follower = new TopicFollower<>(clients, topics.commandResults(), false, (customerId, result) -> {
            if (result != null) {
                Optional.ofNullable(waiting.remove(result.getCommandId())).ifPresent(f -> f.complete(result));
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
     * future completes empty when no answer came within {@code wait}.
     */
    public CompletableFuture<Optional<CommandResult>> expect(final String commandId, final Duration wait) {
        final CompletableFuture<CommandResult> answer = waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
        return answer.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(Optional::of)
                .exceptionally(timeout -> {
                    waiting.remove(commandId);
                    return Optional.empty();
                });
    }

    public void forget(final String commandId) {
        waiting.remove(commandId);
    }

    /**
     * Ends every wait now, as if its time had run out: each caller gets the answer it gets when the
     * outcome is late. For a stop that cannot wait for outcomes any longer.
     */
    public void stopWaiting() {
        waiting.keySet().forEach(commandId -> Optional.ofNullable(waiting.remove(commandId))
                .ifPresent(answer -> answer.completeExceptionally(new CancellationException("the API is stopping"))));
    }

    public void publishMetricsTo(final KafkaMeters meters) {
        follower.publishMetricsTo(meters);
    }

    @Override
    public void close() {
        follower.close();
    }
}
