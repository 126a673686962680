package org.kycorchestrator.workers.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.schemas.KycState;

class GridStatusesTest {

    @ParameterizedTest(name = "Grid {0} is our {1}")
    @CsvSource({
            // kycStatus
            "UNVERIFIED,             CREATED",
            "PENDING,                KYC_PENDING",
            "APPROVED,               APPROVED",
            "REJECTED,               HARD_KYC_FAILED",
            "HOLD,                   SOFT_KYC_FAILED",
            // verificationStatus
            "READY_FOR_VERIFICATION, KYC_PENDING",
            "IN_PROGRESS,            VERIFICATION_IN_PROGRESS",
            "RESOLVE_ERRORS,         SOFT_KYC_FAILED",
            "PENDING_MANUAL_REVIEW,  MANUAL_REVIEW",
            // the KYC webhook page's list
            "NOT_STARTED,            CREATED",
            "PENDING_REVIEW,         VERIFICATION_IN_PROGRESS",
            "MANUALLY_APPROVED,      APPROVED",
            "MANUALLY_REJECTED,      HARD_KYC_FAILED",
            "EXPIRED,                SOFT_KYC_FAILED",
            "CANCELED,               SOFT_KYC_FAILED",
            // case and blanks do not matter
            "' pending_manual_review', MANUAL_REVIEW",
    })
    void everyDocumentedStatusMapsToOurs(final String vendorStatus, final KycState ours) {
        assertThat(GridStatuses.toState(vendorStatus)).contains(ours);
    }

    @ParameterizedTest(name = "Grid status \"{0}\" maps to nothing")
    @CsvSource(value = {"NULL", "SOMETHING_NEW", "''"}, nullValues = "NULL")
    void noStatusOrAnUndocumentedOneMapsToNothing(final String vendorStatus) {
        assertThat(GridStatuses.toState(vendorStatus)).isEqualTo(Optional.empty());
    }
}
