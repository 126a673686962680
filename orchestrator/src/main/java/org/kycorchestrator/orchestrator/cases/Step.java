package org.kycorchestrator.orchestrator.cases;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.kycorchestrator.schemas.IgnoredResult;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.cases.CommandRecord;
import org.kycorchestrator.schemas.cases.CommandStatus;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.commands.ErrorDetail;
import org.kycorchestrator.schemas.commands.Outcome;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.ProviderResult;

/**
 * One transition in the making: the case as it becomes, and what it will publish. Pure: time and
 * rules come in, ids are derived from what is known, so the same input always gives the same step.
 */
final class Step {

    private final Instant now;
    private final KycRules rules;
    private final boolean forCommand;
    private KycCase kycCase;
    private boolean changed;
    private final List<KycStatusEvent> events = new ArrayList<>();
    private final List<ProviderRequest> requests = new ArrayList<>();
    private Answer answer;

    private record Answer(String commandId, String tenantId, String customerId, Outcome outcome, boolean created, List<ErrorDetail> errors) {
    }

    /** @param forCommand whether the input is the merchant's command itself, rather than a vendor's answer to one */
    Step(final KycCase kycCase, final Instant now, final KycRules rules, final boolean forCommand) {
        this.forCommand = forCommand;
        this.kycCase = kycCase;
        this.now = now;
        this.rules = rules;
    }

    KycCase kycCase() {
        return kycCase;
    }

    KycState state() {
        return kycCase.getState();
    }

    Instant now() {
        return now;
    }

    KycRules rules() {
        return rules;
    }

    Step start(final KycCase created) {
        kycCase = created;
        changed = true;
        return this;
    }

    Step update(final UnaryOperator<KycCase.Builder> change) {
        kycCase = change.apply(CaseBuilders.sharing(kycCase)).setUpdatedAt(now).build();
        changed = true;
        return this;
    }

    /** Moves to {@code to} with one event on {@code kyc.status}. */
    Step move(final KycState to, final List<String> reasons, final String vendorStatus) {
        final KycState from = kycCase.getSequence() == 0 ? null : kycCase.getState();
        record(event("kyc." + to.name().toLowerCase(Locale.ROOT), from, to, reasons, vendorStatus));
        return update(b -> b.setState(to).setReasonCodes(List.copyOf(reasons))
                .setVendorStatus(vendorStatus == null ? kycCase.getVendorStatus() : vendorStatus));
    }

    /** An event that is not a state change, such as an expired link; it still takes a sequence number. */
    Step notice(final String type, final List<String> reasons) {
        record(event(type, kycCase.getState(), kycCase.getState(), reasons, null));
        return update(b -> b);
    }

    /** Keeps a vendor result the case does not act on, so the history shows it. */
    Step ignore(final ProviderResult result, final String vendorStatus, final String reason) {
        final IgnoredResult ignored = new IgnoredResult(result.getResultId(), result.getVendor(), vendorStatus, result.getObservedAt(), reason);
        return update(b -> b.setHistory(appended(kycCase.getHistory(), ignored)));
    }

    Step request(final String commandId, final String purpose, final Object payload) {
        final String origin = commandId != null ? commandId : purpose;
        requests.add(ProviderRequest.newBuilder()
                .setRequestId(derivedId(kycCase.getCustomerId() + ":" + kycCase.getGeneration() + ":" + origin + ":" + purpose))
                .setCommandId(commandId)
                .setTenantId(kycCase.getTenantId())
                .setCustomerId(kycCase.getCustomerId())
                .setVendor(kycCase.getVendor())
                .setIssuedAt(now)
                .setPayload(payload)
                .build());
        return this;
    }

    /**
     * A vendor's answer to a command that was answered already (the profile request of a
     * registration, a redelivered result) must not answer it again, let alone differently.
     */
    private boolean answersLater(final String commandId) {
        return !forCommand && kycCase != null && !isPending(commandId)
                && kycCase.getRecentCommands().stream().anyMatch(r -> r.getCommandId().equals(commandId));
    }

    /** True when the command was accepted for the vendor and still waits for its answer. */
    boolean isPending(final String commandId) {
        return commandId != null && kycCase.getRecentCommands().stream()
                .anyMatch(r -> r.getCommandId().equals(commandId) && r.getStatus() == CommandStatus.PENDING);
    }

    /** The command will be answered when the vendor has answered; repeats until then stay silent. */
    Step pending(final String commandId) {
        return remember(new CommandRecord(commandId, CommandStatus.PENDING, false, List.of()));
    }

    Step accept(final String commandId, final boolean created) {
        if (commandId == null) {
            return this;
        }
        if (answersLater(commandId)) {
            return this;
        }
        remember(new CommandRecord(commandId, CommandStatus.ACCEPTED, created, List.of()));
        return answer(commandId, Outcome.ACCEPTED, created, List.of());
    }

    Step reject(final String commandId, final String code, final String message) {
        if (commandId == null) {
            return this;
        }
        if (answersLater(commandId)) {
            return this;
        }
        final List<ErrorDetail> errors = List.of(new ErrorDetail(code, message));
        if (kycCase != null) {
            remember(new CommandRecord(commandId, CommandStatus.REJECTED, false, errors));
        }
        return answer(commandId, Outcome.REJECTED, false, errors);
    }

    /** Answers a repeated command with its first outcome, without changing anything. */
    Step answerAgain(final CommandRecord first) {
        return answer(first.getCommandId(), first.getStatus() == CommandStatus.ACCEPTED ? Outcome.ACCEPTED : Outcome.REJECTED,
                first.getCreated(), first.getErrors());
    }

    /** A rejection for a command that has no case to record it in. */
    Step rejectWithoutCase(final String commandId, final String tenantId, final String customerId, final String code, final String message) {
        answer = new Answer(commandId, tenantId, customerId, Outcome.REJECTED, false, List.of(new ErrorDetail(code, message)));
        return this;
    }

    /** The answer carries the case as it is at the end of the step, not as it was when answered. */
    Transition build() {
        return new Transition(Optional.ofNullable(kycCase), changed, events, requests, Optional.ofNullable(answer).map(this::result));
    }

    private Step answer(final String commandId, final Outcome outcome, final boolean created, final List<ErrorDetail> errors) {
        answer = new Answer(commandId, kycCase.getTenantId(), kycCase.getCustomerId(), outcome, created, errors);
        return this;
    }

    private Step remember(final CommandRecord record) {
        final List<CommandRecord> recent = new ArrayList<>(kycCase.getRecentCommands());
        recent.removeIf(r -> r.getCommandId().equals(record.getCommandId()));
        recent.add(record);
        while (recent.size() > rules.rememberedCommands()) {
            recent.remove(0);
        }
        return update(b -> b.setRecentCommands(recent));
    }

    private void record(final KycStatusEvent event) {
        events.add(event);
        kycCase = CaseBuilders.sharing(kycCase).setSequence(event.getSequence()).setHistory(appended(kycCase.getHistory(), event)).build();
    }

    private KycStatusEvent event(final String type, final KycState from, final KycState to, final List<String> reasons, final String vendorStatus) {
        final long sequence = kycCase.getSequence() + 1;
        return KycStatusEvent.newBuilder()
                .setEventId(derivedId(kycCase.getCustomerId() + ":" + sequence))
                .setType(type)
                .setTenantId(kycCase.getTenantId())
                .setCustomerId(kycCase.getCustomerId())
                .setSequence(sequence)
                .setFrom(from)
                .setTo(to)
                .setReasonCodes(List.copyOf(reasons))
                .setVendor(kycCase.getVendor())
                .setVendorStatus(vendorStatus)
                .setOccurredAt(now)
                .build();
    }

    private CommandResult result(final Answer a) {
        return CommandResult.newBuilder()
                .setCommandId(a.commandId())
                .setTenantId(a.tenantId())
                .setCustomerId(a.customerId())
                .setOutcome(a.outcome())
                .setCreated(a.created())
                .setErrors(a.errors())
                // Never show a case to another tenant, not even in a rejection.
                .setKycCase(kycCase == null || !kycCase.getTenantId().equals(a.tenantId()) ? null : CaseViews.of(kycCase))
                .setDecidedAt(now)
                .build();
    }

    private static List<Object> appended(final List<Object> history, final Object entry) {
        final List<Object> copy = new ArrayList<>(history);
        copy.add(entry);
        return copy;
    }

    static String derivedId(final String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
