package org.kycorchestrator.orchestrator.cases;

import java.util.List;
import java.util.Optional;

import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.providers.ProviderRequest;

/**
 * The outcome of one input: the case afterwards (empty when there is still no case), whether it
 * changed, and what must be published because of it.
 */
public record Transition(Optional<KycCase> kycCase,
                         boolean caseChanged,
                         List<KycStatusEvent> statusEvents,
                         List<ProviderRequest> providerRequests,
                         Optional<CommandResult> commandResult) {

    public Transition {
        statusEvents = List.copyOf(statusEvents);
        providerRequests = List.copyOf(providerRequests);
    }
}
