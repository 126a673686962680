package org.kycorchestrator.orchestrator.queries;

import org.kycorchestrator.schemas.commands.KycCaseView;

/** The answer to "what is this customer's case?": found, not there, or not answerable right now. */
public sealed interface CaseLookup {

    record Found(KycCaseView view) implements CaseLookup {
    }

    record NotFound() implements CaseLookup {
    }

    /** The owner of the case is moving or unreachable; ask again shortly. */
    record Unavailable(String why) implements CaseLookup {
    }
}
