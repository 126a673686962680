package org.kycorchestrator.ingress.customers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.javalin.http.Context;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.kafka.CommandOutcomes;
import org.kycorchestrator.ingress.kafka.Publisher;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.Outcome;

/**
 * Publishes a command and answers: 202 at once, or, with {@code Prefer: wait=N} (N at most 30),
 * the orchestrator's outcome when it arrives within N seconds. The Jetty thread is released while
 * waiting.
 */
final class CommandSubmission {

    static final int MAX_WAIT_SECONDS = 30;
    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d{1,9})");

    private final KycTopics topics;
    private final Publisher publisher;
    private final CommandOutcomes outcomes;

    CommandSubmission(final KycTopics topics, final Publisher publisher, final CommandOutcomes outcomes) {
        this.topics = Objects.requireNonNull(topics, "topics cannot be null");
        this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes cannot be null");
    }

    void submit(final Context ctx, final KycCommand command) {
        final Optional<Duration> wait = requestedWait(ctx.header("Prefer"));
        final CompletableFuture<Optional<CommandResult>> outcome = wait
                .map(w -> outcomes.expect(command.getCommandId(), w))
                .orElse(null);
        ctx.future(() -> publisher.publish(topics.commands(), command.getCustomerId(), command)
                .whenComplete((ok, error) -> {
                    if (error != null && outcome != null) {
                        outcomes.forget(command.getCommandId());
                    }
                })
                .thenCompose(published -> outcome == null ? CompletableFuture.completedFuture(Optional.<CommandResult>empty()) : outcome)
                .thenAccept(result -> answer(ctx, command, result)));
    }

    static Optional<Duration> requestedWait(final String prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        final Matcher matcher = WAIT.matcher(prefer.toLowerCase());
        if (!matcher.find()) {
            return Optional.empty();
        }
        final long seconds = Math.min(Long.parseLong(matcher.group(1)), MAX_WAIT_SECONDS);
        return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }

    private static void answer(final Context ctx, final KycCommand command, final Optional<CommandResult> result) {
        if (result.isEmpty()) {
            final Map<String, Object> data = new LinkedHashMap<>();
            data.put("customerId", command.getCustomerId());
            data.put("commandId", command.getCommandId());
            Envelope.success(ctx, 202, data);
            return;
        }
        final CommandResult outcome = result.get();
        if (outcome.getOutcome() == Outcome.REJECTED) {
            final String code = outcome.getErrors().isEmpty() ? "unprocessable_content" : outcome.getErrors().get(0).getCode();
            throw new ApiError(ApiError.statusOf(code), outcome.getErrors().stream()
                    .map(e -> new ApiError.Problem(e.getCode(), e.getMessage())).toList());
        }
        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("commandId", command.getCommandId());
        data.putAll(CaseJson.of(outcome.getKycCase()));
        Envelope.success(ctx, outcome.getCreated() ? 201 : 200, data);
    }
}
