package org.kycorchestrator.workers.xgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.schemas.KycState;

class XGatewayStatusesTest {

    @ParameterizedTest(name = "xGateway {0} is our {1}")
    @CsvSource({
            "CREATED,          CREATED",
            "KYC_NEEDED,       PENDING_KYC_DATA",
            "PENDING_KYC_DATA, PENDING_KYC_DATA",
            "KYC_PENDING,      KYC_PENDING",
            "SOFT_KYC_FAILED,  SOFT_KYC_FAILED",
            "HARD_KYC_FAILED,  HARD_KYC_FAILED",
            "HARD_FAIL,        HARD_KYC_FAILED",
            "FULL_USER,        APPROVED",
            "KYC_FULL_USER,    APPROVED",
            "full_user,        APPROVED",
    })
    void everyDocumentedStatusAndAliasMapsToOurs(final String vendorStatus, final KycState ours) {
        assertThat(XGatewayStatuses.toState(vendorStatus)).contains(ours);
    }

    @ParameterizedTest(name = "xGateway status \"{0}\" maps to nothing")
    @CsvSource(value = {"NULL", "SOMETHING_NEW"}, nullValues = "NULL")
    void noStatusOrAnUndocumentedOneMapsToNothing(final String vendorStatus) {
        assertThat(XGatewayStatuses.toState(vendorStatus)).isEqualTo(Optional.empty());
    }
}
