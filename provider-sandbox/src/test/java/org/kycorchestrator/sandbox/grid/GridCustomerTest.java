package org.kycorchestrator.sandbox.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The rounds of the hosted flow: only the open round moves the customer, however late its steps come. */
class GridCustomerTest {

    private static final Instant T0 = Instant.parse("2025-10-13T10:00:00Z");

    @Test
    void theFirstLinkOpensARoundAndLinksWhileItIsOpenDoNot() {
        final GridCustomer customer = customer("Ada Lovelace", "ada@example.com");

        assertThat(customer.linkRequested()).isEqualTo(new GridCustomer.LinkRequest(GridCustomer.LinkAnswer.ISSUED, 1));
        assertThat(customer.linkRequested()).isEqualTo(new GridCustomer.LinkRequest(GridCustomer.LinkAnswer.ISSUED, 0));
    }

    @Test
    void aStepOfAnotherRoundChangesNothing() {
        final GridCustomer customer = customer("Ada Lovelace", "ada@example.com");
        customer.linkRequested();

        assertThat(customer.submit(2, "Verification:x", T0)).isEmpty();
        assertThat(customer.decide(1, T0)).isEmpty();
        assertThat(customer.view().kycStatus()).isEqualTo(GridKycStatus.UNVERIFIED);
        assertThat(customer.verifications()).isEmpty();
    }

    @Test
    void submittingThenDecidingMovesTheCustomerAndAnnouncesEachChange() {
        final GridCustomer customer = customer("Ada Lovelace", "ada@example.com");
        customer.linkRequested();

        assertThat(customer.submit(1, "Verification:1", T0)).extracting(GridEvent::type)
                .containsExactly("VERIFICATION.IN_PROGRESS", "CUSTOMER.KYC_PENDING");
        assertThat(customer.decide(1, T0.plusSeconds(1))).extracting(GridEvent::type)
                .containsExactly("VERIFICATION.APPROVED", "CUSTOMER.KYC_APPROVED");
        assertThat(customer.decide(1, T0.plusSeconds(2))).isEmpty();
        assertThat(customer.view().updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(customer.verifications()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(GridVerificationStatus.APPROVED);
            assertThat(v.createdAt()).isEqualTo(T0);
            assertThat(v.updatedAt()).isEqualTo(T0.plusSeconds(1));
        });
    }

    @Test
    void theNameAtTheDecisionCountsNotTheNameAtTheLink() {
        final GridCustomer customer = customer("Ada Reject", "ada@example.com");
        customer.linkRequested();
        customer.submit(1, "Verification:1", T0);

        customer.update(Map.of("fullName", "Ada Lovelace"), T0);

        assertThat(customer.decide(1, T0)).extracting(GridEvent::type).contains("CUSTOMER.KYC_APPROVED");
    }

    @Test
    void aHoldIsAnnouncedOnlyByItsVerificationAndANewLinkOpensTheNextRound() {
        final GridCustomer customer = customer("Ada Soft", "ada@example.com");
        customer.linkRequested();
        customer.submit(1, "Verification:1", T0);

        assertThat(customer.decide(1, T0)).extracting(GridEvent::type).containsExactly("VERIFICATION.RESOLVE_ERRORS");
        assertThat(customer.view().kycStatus()).isEqualTo(GridKycStatus.HOLD);
        assertThat(customer.linkRequested().round()).isEqualTo(2);
    }

    @Test
    void anUnverifiedEmailRefusesTheLinkAndOpensNoRound() {
        final GridCustomer customer = customer("Ada Lovelace", "Unverified+ada@example.com");

        assertThat(customer.linkRequested().answer()).isEqualTo(GridCustomer.LinkAnswer.CONTACT_VERIFICATION_REQUIRED);
        customer.update(Map.of("email", "ada@example.com"), T0);
        assertThat(customer.linkRequested().round()).isEqualTo(1);
    }

    private static GridCustomer customer(final String fullName, final String email) {
        return new GridCustomer("Customer:1", "cust-1", "$ada@sandbox.grid.local",
                GridProfile.EMPTY.merge(Map.of("fullName", fullName, "email", email)), T0);
    }
}
