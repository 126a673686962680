package org.kycorchestrator.ingress.customers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.javalin.http.Context;
import org.kycorchestrator.ingress.http.Answer;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.idempotency.IdempotencyKey;
import org.kycorchestrator.ingress.idempotency.IdempotencyKeys;
import org.kycorchestrator.ingress.idempotency.RequestFingerprint;
import org.kycorchestrator.ingress.kafka.CommandOutcomes;
import org.kycorchestrator.ingress.kafka.Publisher;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.Outcome;

/**
 * Publishes a command and answers: 202 at once, or, with {@code Prefer: wait=N} (N at most 30),
 * the orchestrator's outcome when it arrives within N seconds. The Jetty thread is released while
 * waiting. With an {@code Idempotency-Key} the command id comes from the key and the request, and
 * a retry gets the first answer again ({@link IdempotencyKeys}).
 */
final class CommandSubmission {

    static final int MAX_WAIT_SECONDS = 30;
    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*([^,;\\s]*)");
    private static final Pattern WHOLE_SECONDS = Pattern.compile("\\d{1,9}");

    private final KycTopics topics;
    private final Publisher publisher;
    private final CommandOutcomes outcomes;
    private final IdempotencyKeys keys;

    CommandSubmission(final KycTopics topics, final Publisher publisher, final CommandOutcomes outcomes, final IdempotencyKeys keys) {
        this.topics = Objects.requireNonNull(topics, "topics cannot be null");
        this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes cannot be null");
        this.keys = Objects.requireNonNull(keys, "keys cannot be null");
    }

    void submit(final Context ctx, final KycCommand command) {
        final Optional<Duration> wait = requestedWait(ctx.header("Prefer"));
        final Optional<IdempotencyKey> key = IdempotencyKey.of(ctx, command.getTenantId());
        if (key.isEmpty()) {
            ctx.future(() -> publishAndAnswer(command, wait).thenAccept(answer -> answer.writeTo(ctx)));
            return;
        }
        final String fingerprint = RequestFingerprint.of(ctx, command.getTenantId(), command.getPayload());
        final KycCommand keyed = KycCommand.newBuilder(command).setCommandId(key.get().commandId(fingerprint)).build();
        ctx.future(() -> keys.submit(key.get(), fingerprint, keyed.getCommandId(), () -> publishAndAnswer(keyed, wait))
                .thenAccept(answer -> answer.writeTo(ctx)));
    }

    private CompletableFuture<Answer> publishAndAnswer(final KycCommand command, final Optional<Duration> wait) {
        // Interest is registered before publishing, so that a fast outcome is not missed.
        final CompletableFuture<Optional<CommandResult>> outcome = wait
                .map(w -> outcomes.expect(command.getCommandId(), w))
                .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
        return publisher.publish(topics.commands(), command.getCustomerId(), command)
                .thenCompose(published -> outcome)
                .thenApply(result -> answer(command, result));
    }

    /**
     * The wait asked for by {@code Prefer: wait=N}: none without it or with {@code wait=0}, and a
     * 400 for a wait that is not a whole number of seconds from 0 to 30.
     */
    static Optional<Duration> requestedWait(final String prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        final Matcher matcher = WAIT.matcher(prefer.toLowerCase(Locale.ROOT));
        if (!matcher.find()) {
            return Optional.empty();
        }
        // RFC 7240 lets a preference's value be a quoted string.
        final String value = matcher.group(1).replaceAll("^\"(.*)\"$", "$1");
        if (!WHOLE_SECONDS.matcher(value).matches() || Long.parseLong(value) > MAX_WAIT_SECONDS) {
            throw ApiError.badRequest("Prefer: wait must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS);
        }
        final long seconds = Long.parseLong(value);
        return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }

    private static Answer answer(final KycCommand command, final Optional<CommandResult> result) {
        if (result.isEmpty()) {
            final Map<String, Object> data = new LinkedHashMap<>();
            data.put("customerId", command.getCustomerId());
            data.put("commandId", command.getCommandId());
            return Answer.success(202, data);
        }
        final CommandResult outcome = result.get();
        if (outcome.getOutcome() == Outcome.REJECTED) {
            final String code = outcome.getErrors().isEmpty() ? "unprocessable_content" : outcome.getErrors().get(0).getCode();
            return Answer.error(new ApiError(ApiError.statusOf(code), outcome.getErrors().stream()
                    .map(e -> new ApiError.Problem(e.getCode(), e.getMessage())).toList()));
        }
        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("commandId", command.getCommandId());
        data.putAll(CaseJson.of(outcome.getKycCase()));
        return Answer.success(outcome.getCreated() ? 201 : 200, data);
    }
}
