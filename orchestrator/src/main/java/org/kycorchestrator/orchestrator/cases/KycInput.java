package org.kycorchestrator.orchestrator.cases;

import java.util.Objects;

import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.providers.ProviderResult;

/** What can move a KYC case: a merchant command, a normalised vendor result, or a timer. */
public sealed interface KycInput {

    String customerId();

    record Command(KycCommand command) implements KycInput {
        public Command {
            Objects.requireNonNull(command, "command cannot be null");
        }

        @Override
        public String customerId() {
            return command.getCustomerId();
        }
    }

    record VendorResult(ProviderResult result) implements KycInput {
        public VendorResult {
            Objects.requireNonNull(result, "result cannot be null");
        }

        @Override
        public String customerId() {
            return result.getCustomerId();
        }
    }

    /** A deadline the case set for itself has passed. */
    record TimerFired(String customerId, Timer timer) implements KycInput {
        public TimerFired {
            Objects.requireNonNull(customerId, "customerId cannot be null");
            Objects.requireNonNull(timer, "timer cannot be null");
        }
    }

    enum Timer {
        /** The hosted link has passed its {@code expiresAt}. */
        LINK_EXPIRY,
        /** A verification has had no vendor result for too long. */
        VERIFICATION_TIMEOUT
    }
}
