package org.kycorchestrator.orchestrator.cases;

import java.util.Objects;

import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.providers.ProviderResult;

/** What can move a KYC case: a merchant command or a normalised vendor result. */
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
}
