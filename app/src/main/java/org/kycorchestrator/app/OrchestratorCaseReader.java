package org.kycorchestrator.app;

import java.util.Objects;

import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.orchestrator.queries.CaseLookup;
import org.kycorchestrator.orchestrator.queries.CaseQueries;

/** In the all-in-one app, the API reads cases from the orchestrator in the same process. */
final class OrchestratorCaseReader implements CaseReader {

    private final CaseQueries queries;

    OrchestratorCaseReader(final CaseQueries queries) {
        this.queries = Objects.requireNonNull(queries, "queries cannot be null");
    }

    @Override
    public Result read(final String customerId) {
        final CaseLookup lookup = queries.find(customerId);
        if (lookup instanceof CaseLookup.Found found) {
            return new Found(found.view());
        }
        if (lookup instanceof CaseLookup.NotFound) {
            return new NotFound();
        }
        return new Unavailable(((CaseLookup.Unavailable) lookup).why());
    }
}
