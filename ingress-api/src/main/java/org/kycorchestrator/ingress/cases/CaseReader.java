package org.kycorchestrator.ingress.cases;

import org.kycorchestrator.schemas.commands.KycCaseView;

/**
 * Where the API reads cases: the orchestrator's store, through its interactive queries. In the
 * all-in-one app that is a call in the same process; a standalone ingress asks an orchestrator
 * instance over HTTP ({@link HttpCaseReader}), which forwards to the case's owner.
 */
@FunctionalInterface
public interface CaseReader {

    Result read(String customerId);

    sealed interface Result {
    }

    record Found(KycCaseView view) implements Result {
    }

    record NotFound() implements Result {
    }

    /** The case cannot be read right now (its partition is moving); the caller should retry. */
    record Unavailable(String why) implements Result {
    }
}
