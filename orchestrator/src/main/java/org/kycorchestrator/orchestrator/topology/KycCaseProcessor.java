package org.kycorchestrator.orchestrator.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kycorchestrator.orchestrator.cases.KycInput;
import org.kycorchestrator.orchestrator.cases.KycTransitions;
import org.kycorchestrator.orchestrator.cases.Transition;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.providers.ProviderResult;

/**
 * The thin shell around {@link KycTransitions}: read the case, apply the input, store the case and
 * its deadlines, and forward what the transition produced. Under exactly-once, the store updates
 * and every output commit together or not at all.
 *
 * <p>Deadlines are checked on wall-clock time: a link expires, and a vendor stays silent, whether
 * or not any record arrives, so stream time (which only moves with records) would not do.
 */
final class KycCaseProcessor implements Processor<String, Object, String, Object> {

    private final KycTransitions transitions;
    private final Duration timerInterval;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, KycCase> cases;
    private CaseTimers timers;

    KycCaseProcessor(final KycTransitions transitions, final Duration timerInterval) {
        this.transitions = Objects.requireNonNull(transitions, "transitions cannot be null");
        this.timerInterval = Objects.requireNonNull(timerInterval, "timerInterval cannot be null");
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.cases = context.getStateStore(KycTopology.CASE_STORE);
        this.timers = new CaseTimers(context.getStateStore(KycTopology.TIMER_STORE));
        context.schedule(timerInterval, PunctuationType.WALL_CLOCK_TIME, this::fireDueTimers);
    }

    @Override
    public void process(final Record<String, Object> record) {
        final KycInput input = toInput(record.value());
        if (record.key() == null || !record.key().equals(input.customerId())) {
            throw new InvariantViolation("the record's key " + record.key() + " is not its customer id " + input.customerId());
        }
        handle(record.key(), input, record.timestamp());
    }

    private void fireDueTimers(final long wallClockMs) {
        for (CaseTimers.Due due : timers.takeDue(Instant.ofEpochMilli(wallClockMs))) {
            handle(due.customerId(), new KycInput.TimerFired(due.customerId(), due.timer()), wallClockMs);
        }
    }

    private void handle(final String customerId, final KycInput input, final long timestamp) {
        final KycCase before = cases.get(customerId);
        final Transition transition = transitions.apply(before, input, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        transition.kycCase().filter(c -> transition.caseChanged()).ifPresent(after -> {
            cases.put(customerId, after);
            timers.reschedule(customerId, before, after);
        });
        transition.statusEvents().forEach(event -> forward(customerId, timestamp, KycTopology.STATUS_SINK, event));
        transition.providerRequests().forEach(request -> forward(customerId, timestamp, KycTopology.REQUESTS_SINK, request));
        transition.commandResult().ifPresent(result -> forward(customerId, timestamp, KycTopology.COMMAND_RESULTS_SINK, result));
    }

    private static KycInput toInput(final Object value) {
        if (value instanceof KycCommand command) {
            return new KycInput.Command(command);
        }
        if (value instanceof ProviderResult result) {
            return new KycInput.VendorResult(result);
        }
        throw new InvariantViolation("an empty or unknown record: " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private void forward(final String key, final long timestamp, final String sink, final Object value) {
        context.forward(new Record<>(key, value, timestamp), sink);
    }

    /** A record that reads fine but breaks a rule every record must keep; it is dead-lettered. */
    static final class InvariantViolation extends RuntimeException {
        InvariantViolation(final String message) {
            super(message);
        }
    }
}
