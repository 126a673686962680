package org.kycorchestrator.workers.paycc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.schemas.KycState;

class PayccStatusesTest {

    @ParameterizedTest(name = "Paycc {0} is our {1}")
    @CsvSource({
            "0x0200,  APPROVED",
            "SUCCESS, APPROVED",
            "0x0206,  VERIFICATION_IN_PROGRESS",
            "PENDING, VERIFICATION_IN_PROGRESS",
            "0x0202,  HARD_KYC_FAILED",
            "FAILURE, HARD_KYC_FAILED",
            "pending, VERIFICATION_IN_PROGRESS",
            "0X0202,  HARD_KYC_FAILED",
    })
    void everyCodeAndStatusWordOfAPolledKycMapsToOurs(final String vendorStatus, final KycState ours) {
        assertThat(PayccStatuses.toState(vendorStatus)).contains(ours);
    }

    @ParameterizedTest(name = "Paycc \"{0}\" says nothing about a KYC")
    @CsvSource(value = {"0x0201", "UNAUTHORIZED", "0x0203", "MISSING_PARAMETER", "0x0204", "CONNECTION_TIMEOUT", "0x0205",
            "SOMETHING_WENT_WRONG", "NULL", "0x0299", "APPROVED"}, nullValues = "NULL")
    void theErrorCodesNoStatusAndUndocumentedOnesMapToNothing(final String vendorStatus) {
        assertThat(PayccStatuses.toState(vendorStatus)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "Paycc {0} {1} ends a call with HTTP {2}")
    @CsvSource({
            "0x0200, SUCCESS,              200",
            "0x0201, UNAUTHORIZED,         401",
            "0x0202, FAILURE,              400",
            "0x0203, MISSING_PARAMETER,    422",
            "0x0204, CONNECTION_TIMEOUT,   504",
            "0x0205, SOMETHING_WENT_WRONG, 500",
            "0x0206, PENDING,              503",
    })
    void everyDocumentedCodeHasItsStatusWordAndOurHttpStatus(final String code, final String word, final int httpStatus) {
        final PayccStatuses.Code byCode = PayccStatuses.Code.of(code).orElseThrow();

        assertThat(PayccStatuses.Code.of(word)).contains(byCode);
        assertThat(byCode.code()).isEqualTo(code);
        assertThat(byCode.word()).isEqualTo(word);
        assertThat(byCode.errorHttpStatus()).isEqualTo(httpStatus);
    }
}
