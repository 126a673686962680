package org.kycorchestrator.app.eos;

import java.util.List;
import java.util.stream.IntStream;

import org.kycorchestrator.schemas.KycState;

/**
 * The test's customers and the one rule that decides their fate: every tenth is rejected by the
 * vendor. The rule lives here so that the fake vendor and the assertions cannot disagree on it.
 */
final class Customers {

    private static final String PREFIX = "customer-";

    private Customers() {
    }

    /** Customer ids numbered from 1, e.g. {@code customer-0042}. */
    static List<String> first(final int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("%s%04d", PREFIX, i)).toList();
    }

    static boolean rejected(final String customerId) {
        return index(customerId) % 10 == 0;
    }

    static KycState finalState(final String customerId) {
        return rejected(customerId) ? KycState.HARD_KYC_FAILED : KycState.APPROVED;
    }

    static boolean isFinal(final KycState state) {
        return state == KycState.APPROVED || state == KycState.HARD_KYC_FAILED;
    }

    private static int index(final String customerId) {
        if (!customerId.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not one of the test's customers: " + customerId);
        }
        return Integer.parseInt(customerId.substring(PREFIX.length()));
    }
}
