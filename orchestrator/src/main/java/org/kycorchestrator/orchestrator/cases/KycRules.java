package org.kycorchestrator.orchestrator.cases;

import java.time.Duration;
import java.util.Objects;

import org.kycorchestrator.config.Config;

/**
 * The tunable parts of the state machine.
 *
 * @param maxVerificationAttempts verifications a case may start per generation
 * @param verificationTimeout how long a verification may go without a vendor result before the
 *                            vendor is polled
 * @param maxPolls polls after a timeout before the case goes to manual review
 * @param maxPollInterval the cap of the doubling wait between polls
 * @param rememberedCommands how many recent command ids a case keeps for idempotency
 */
public record KycRules(int maxVerificationAttempts, Duration verificationTimeout, int maxPolls,
                       Duration maxPollInterval, int rememberedCommands) {

    public KycRules {
        Objects.requireNonNull(verificationTimeout, "verificationTimeout cannot be null");
        Objects.requireNonNull(maxPollInterval, "maxPollInterval cannot be null");
    }

    public static KycRules defaults() {
        return new KycRules(3, Duration.ofMinutes(10), 5, Duration.ofHours(1), 100);
    }

    public static KycRules from(final Config config) {
        final KycRules d = defaults();
        return new KycRules(
                config.getInt("KYC_MAX_VERIFICATION_ATTEMPTS", d.maxVerificationAttempts()),
                config.getDuration("KYC_VERIFICATION_TIMEOUT", d.verificationTimeout()),
                config.getInt("KYC_VERIFICATION_MAX_POLLS", d.maxPolls()),
                config.getDuration("KYC_VERIFICATION_MAX_POLL_INTERVAL", d.maxPollInterval()),
                config.getInt("KYC_REMEMBERED_COMMANDS", d.rememberedCommands()));
    }

    /** The wait before poll number {@code poll} (1-based): the timeout, doubled each time, capped. */
    public Duration pollDelay(final int poll) {
        final Duration delay = verificationTimeout.multipliedBy(1L << Math.min(poll, 20));
        return delay.compareTo(maxPollInterval) > 0 ? maxPollInterval : delay;
    }
}
