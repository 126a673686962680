package org.kycorchestrator.workers.capa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.schemas.KycState;

class CapaStatusesTest {

    @ParameterizedTest(name = "Capa {0} is our {1}")
    @CsvSource({
            // the details' verificationResult, as Capa writes it
            "NOT_STARTED,       PENDING_KYC_DATA",
            "IN_PROGRESS,       VERIFICATION_IN_PROGRESS",
            "PENDING,           VERIFICATION_IN_PROGRESS",
            "VERIFIED,          APPROVED",
            "REJECTED,          HARD_KYC_FAILED",
            "REVIEW_NEEDED,     MANUAL_REVIEW",
            // as AiPrise, underneath, writes it
            "APPROVED,          APPROVED",
            "DECLINED,          HARD_KYC_FAILED",
            "REVIEW,            MANUAL_REVIEW",
            // the webhook events
            "CREATED_KYC,       KYC_PENDING",
            "VERIFIED_USER,     APPROVED",
            "REJECTED_KYC,      HARD_KYC_FAILED",
            "REVIEW_NEEDED_KYC, MANUAL_REVIEW",
            // in any case, with blanks around
            "verified,          APPROVED",
            "' Rejected_KYC ',  HARD_KYC_FAILED",
    })
    void everyDocumentedResultEventAndAliasMapsToOurs(final String vendorStatus, final KycState ours) {
        assertThat(CapaStatuses.toState(vendorStatus)).contains(ours);
    }

    @ParameterizedTest(name = "Capa status \"{0}\" maps to nothing")
    @CsvSource(value = {"NULL", "UNKNOWN", "SOMETHING_NEW"}, nullValues = "NULL")
    void noResultAiPrisesUnknownOrAnUndocumentedOneMapsToNothing(final String vendorStatus) {
        assertThat(CapaStatuses.toState(vendorStatus)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0} is not a soft failure")
    @CsvSource({"NOT_STARTED", "IN_PROGRESS", "PENDING", "VERIFIED", "REJECTED", "REVIEW_NEEDED", "APPROVED", "DECLINED", "REVIEW",
            "CREATED_KYC", "VERIFIED_USER", "REJECTED_KYC", "REVIEW_NEEDED_KYC"})
    void capaHasNoRecoverableFailure(final String vendorStatus) {
        assertThat(CapaStatuses.toState(vendorStatus)).isNotEqualTo(Optional.of(KycState.SOFT_KYC_FAILED));
    }
}
