package org.kycorchestrator.orchestrator.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kycorchestrator.schemas.IgnoredResult;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.cases.KycCase;

/**
 * Every row of the transition table in docs/state-machine.md, checked against the transition
 * function: the document is the specification, and this test keeps the two in step.
 */
class KycTransitionTableTest {

    private static final Path TABLE = Path.of("..", "docs", "state-machine.md");
    private static final String BEGIN = "<!-- transition-table:begin -->";
    private static final String END = "<!-- transition-table:end -->";

    private final KycTransitions transitions = new KycTransitions(KycRules.defaults());

    static Stream<TransitionTableRow> rows() throws IOException {
        final List<String> lines = Files.readAllLines(TABLE);
        final int begin = lines.indexOf(BEGIN);
        final int end = lines.indexOf(END);
        return lines.subList(begin + 3, end).stream().filter(l -> l.startsWith("|")).map(TransitionTableRow::parse);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowOfTheTableIsWhatTheTransitionDoes(final TransitionTableRow row) {
        assertThat(actual(row.state(), row.input())).isEqualTo(row);
    }

    @Test
    void theTableHasOneRowForEveryStateAndEveryInput() throws IOException {
        final List<String> expected = new ArrayList<>();
        for (String state : states()) {
            for (String input : CaseFixtures.INPUTS.keySet()) {
                expected.add(state + " " + input);
            }
        }
        assertThat(rows().map(r -> r.state() + " " + r.input()).toList()).containsExactlyElementsOf(expected);
    }

    private TransitionTableRow actual(final String stateName, final String input) {
        final KycState state = TransitionTableRow.NO_CASE.equals(stateName) ? null : KycState.valueOf(stateName);
        final KycCase before = CaseFixtures.inState(state);
        final Transition transition = transitions.apply(before, CaseFixtures.INPUTS.get(input).apply(before), CaseFixtures.NOW);
        final boolean ignored = transition.kycCase().map(after -> after.getHistory().size() > (before == null ? 0 : before.getHistory().size())
                && after.getHistory().get(after.getHistory().size() - 1) instanceof IgnoredResult).orElse(false);
        return TransitionTableRow.describe(state, input, transition, ignored);
    }

    static List<String> states() {
        final List<String> states = new ArrayList<>();
        states.add(TransitionTableRow.NO_CASE);
        for (KycState state : KycState.values()) {
            states.add(state.name());
        }
        return states;
    }

    /** Prints the table as the transition function has it, for writing the document. */
    public static void main(final String[] args) {
        final KycTransitionTableTest test = new KycTransitionTableTest();
        for (String state : states()) {
            for (String input : CaseFixtures.INPUTS.keySet()) {
                System.out.println(test.actual(state, input).markdown());
            }
        }
    }
}
