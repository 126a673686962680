package org.kycorchestrator.orchestrator.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.NOW;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.PROFILE;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.command;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.inState;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.commands.RequestLink;
import org.kycorchestrator.schemas.providers.IssueLink;

/** Some vendors' link call carries personal data (Capa's country and personalInfo), so the request takes the profile along. */
class LinkRequestProfileTest {

    private final KycTransitions transitions = new KycTransitions(new KycRules(2, Duration.ofMinutes(10), 3, Duration.ofHours(1), 100));

    @Test
    void theLinkRequestCarriesTheLocaleTheRedirectAndTheCasesProfile() {
        // given a case with a profile, waiting for its KYC data
        // when the merchant asks for a hosted link
        final Transition link = transitions.apply(inState(KycState.PENDING_KYC_DATA),
                command(new RequestLink("es", "https://shop.example/kyc-done")), NOW);

        // then the vendor request holds everything the vendor's link call may need
        assertThat(link.providerRequests()).singleElement().satisfies(request -> assertThat(request.getPayload())
                .isEqualTo(new IssueLink("es", "https://shop.example/kyc-done", PROFILE)));
    }
}
