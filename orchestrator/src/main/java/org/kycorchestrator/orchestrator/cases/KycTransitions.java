package org.kycorchestrator.orchestrator.cases;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.cases.CommandRecord;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.KycCommand;

/**
 * The KYC state machine as a pure function {@code (case, input) -> (case', outputs)}: no I/O and no
 * clock of its own. docs/state-machine.md has the table of every (state, input) pair that this
 * implements, and the test that checks every row reads that very table.
 */
public final class KycTransitions {

    static final Set<KycState> DATA_STATES = EnumSet.of(KycState.CREATED, KycState.PENDING_KYC_DATA,
            KycState.KYC_PENDING, KycState.SOFT_KYC_FAILED);
    static final Set<KycState> VERIFICATION_STATES = EnumSet.of(KycState.PENDING_KYC_DATA, KycState.KYC_PENDING,
            KycState.SOFT_KYC_FAILED);

    private final KycRules rules;

    public KycTransitions(final KycRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules cannot be null");
    }

    /**
     * @param current the case, or null when the customer has none
     * @param now the time of the decision, used for events and deadlines
     */
    public Transition apply(final KycCase current, final KycInput input, final Instant now) {
        final Step step = new Step(current, now, rules, input instanceof KycInput.Command);
        if (input instanceof KycInput.Command command) {
            return onCommand(step, command.command()).build();
        }
        if (current == null) {
            return step.build();
        }
        if (input instanceof KycInput.VendorResult result) {
            return new ResultTransitions(step).apply(result.result()).build();
        }
        return new TimerTransitions(step).apply(((KycInput.TimerFired) input).timer()).build();
    }

    private Step onCommand(final Step step, final KycCommand command) {
        final KycCase current = step.kycCase();
        if (current == null || !current.getTenantId().equals(command.getTenantId())) {
            return new CommandTransitions(step, command).applyWithoutCase(current);
        }
        final Optional<CommandRecord> seen = current.getRecentCommands().stream()
                .filter(r -> r.getCommandId().equals(command.getCommandId())).findFirst();
        if (seen.isPresent()) {
            return seen.get().getStatus() == org.kycorchestrator.schemas.cases.CommandStatus.PENDING
                    ? step : step.answerAgain(seen.get());
        }
        return new CommandTransitions(step, command).apply();
    }

    /**
     * Moves a case that is still collecting data to the state its data calls for: an applicant
     * means {@code PENDING_KYC_DATA}, complete data means {@code KYC_PENDING}.
     */
    static Step settleDataState(final Step step, final String reason) {
        final KycState state = step.state();
        if (state != KycState.CREATED && state != KycState.PENDING_KYC_DATA) {
            return step;
        }
        final KycCase kycCase = step.kycCase();
        final KycState target = Requirements.missing(kycCase).isEmpty() ? KycState.KYC_PENDING
                : kycCase.getApplicantCreated() || kycCase.getLink() != null ? KycState.PENDING_KYC_DATA : KycState.CREATED;
        return target == state ? step : step.move(target, List.of(target == KycState.KYC_PENDING ? "kyc_data_complete" : reason), null);
    }
}
