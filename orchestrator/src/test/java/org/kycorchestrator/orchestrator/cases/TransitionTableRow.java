package org.kycorchestrator.orchestrator.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.commands.Outcome;
import org.kycorchestrator.schemas.providers.ProviderRequest;

/**
 * One row of the table in docs/state-machine.md, in the words the table uses: where the case
 * ends, the events it emits, the vendor requests it makes, and how the command is answered.
 */
record TransitionTableRow(String state, String input, String next, String events, String requests, String answer) {

    static final String NO_CASE = "none";
    static final String NOTHING = "-";

    /** Describes what the transition function did, the way the table writes it. */
    static TransitionTableRow describe(final KycState state, final String input, final Transition transition, final boolean ignored) {
        final String next = transition.kycCase().map(c -> c.getState().name()).orElse(NO_CASE);
        final String events = transition.statusEvents().isEmpty() ? NOTHING
                : transition.statusEvents().stream().map(KycStatusEvent::getType).collect(Collectors.joining(" "));
        final List<String> requests = new ArrayList<>();
        for (ProviderRequest request : transition.providerRequests()) {
            requests.add(request.getPayload().getClass().getSimpleName());
        }
        final String answer = transition.commandResult()
                .map(r -> r.getOutcome() == Outcome.ACCEPTED ? (r.getCreated() ? "201" : "200")
                        : "rejected " + r.getErrors().get(0).getCode())
                .orElse(ignored ? "ignored" : NOTHING);
        return new TransitionTableRow(state == null ? NO_CASE : state.name(), input, next, events,
                requests.isEmpty() ? NOTHING : String.join(" ", requests), answer);
    }

    String markdown() {
        return "| " + String.join(" | ", state, input, next, events, requests, answer) + " |";
    }

    static TransitionTableRow parse(final String line) {
        final String[] cells = line.trim().replaceAll("^\\||\\|$", "").split("\\|");
        if (cells.length != 6) {
            throw new IllegalArgumentException("a table row has 6 cells: " + line);
        }
        final String[] t = new String[6];
        for (int i = 0; i < 6; i++) {
            t[i] = cells[i].trim().replace("`", "");
        }
        return new TransitionTableRow(t[0], t[1].toLowerCase(Locale.ROOT), t[2], t[3], t[4], t[5]);
    }
}
