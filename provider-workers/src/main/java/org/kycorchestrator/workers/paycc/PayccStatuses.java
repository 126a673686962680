package org.kycorchestrator.workers.paycc;

import java.util.Arrays;
import java.util.Optional;

import org.kycorchestrator.schemas.KycState;

/**
 * IPAYMENT Paycc's response codes, each with its {@code status} word, mapped to ours. Only three of
 * them tell where a KYC stands when its status is polled: {@code 0x0200 SUCCESS} (with the KYC
 * record: done and approved), {@code 0x0206 PENDING} (not yet) and {@code 0x0202 FAILURE} (failed,
 * or no such KYC). The others are errors of the call itself, and each has the HTTP status by which
 * we report it: 4xx for what retrying cannot fix, 5xx for what it may.
 */
public final class PayccStatuses {

    /** The documented codes. {@code state} is empty for codes that say nothing about a KYC. */
    enum Code {
        SUCCESS("0x0200", KycState.APPROVED, 200),
        UNAUTHORIZED("0x0201", null, 401),
        FAILURE("0x0202", KycState.HARD_KYC_FAILED, 400),
        MISSING_PARAMETER("0x0203", null, 422),
        CONNECTION_TIMEOUT("0x0204", null, 504),
        SOMETHING_WENT_WRONG("0x0205", null, 500),
        // Pending where an answer was due (the init call): the vendor is not ready yet, so try again.
        PENDING("0x0206", KycState.VERIFICATION_IN_PROGRESS, 503);

        private final String code;
        private final KycState state;
        private final int errorHttpStatus;

        Code(final String code, final KycState state, final int errorHttpStatus) {
            this.code = code;
            this.state = state;
            this.errorHttpStatus = errorHttpStatus;
        }

        String code() {
            return code;
        }

        /** The status word that goes with the code, e.g. {@code MISSING_PARAMETER}. */
        String word() {
            return name();
        }

        /** The HTTP status we report this code with when it ends a call that did not succeed. */
        int errorHttpStatus() {
            return errorHttpStatus;
        }

        /** By its hex code ({@code 0x0203}, any case) or its status word ({@code MISSING_PARAMETER}). */
        static Optional<Code> of(final String codeOrWord) {
            if (codeOrWord == null) {
                return Optional.empty();
            }
            final String key = codeOrWord.trim();
            return Arrays.stream(values())
                    .filter(c -> c.code.equalsIgnoreCase(key) || c.name().equalsIgnoreCase(key))
                    .findFirst();
        }
    }

    private PayccStatuses() {
    }

    /**
     * Our state for a status poll's code or status word: {@code 0x0200}/{@code SUCCESS} is approved
     * (when the answer carries the KYC record), {@code 0x0206}/{@code PENDING} is verification in
     * progress, {@code 0x0202}/{@code FAILURE} is a hard failure. Empty for the error codes, which
     * say nothing about the KYC, for {@code null} and for anything undocumented.
     */
    public static Optional<KycState> toState(final String codeOrStatus) {
        return Code.of(codeOrStatus).map(code -> code.state);
    }
}
