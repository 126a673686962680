package org.kycorchestrator.sandbox.xgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.sandbox.xgateway.XGatewayPrecondition.AGREEMENTS;
import static org.kycorchestrator.sandbox.xgateway.XGatewayPrecondition.APPLICANT;
import static org.kycorchestrator.sandbox.xgateway.XGatewayPrecondition.DOCUMENTS;
import static org.kycorchestrator.sandbox.xgateway.XGatewayPrecondition.STATUS;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A customer's state rules, without HTTP: the applicant, and what a verification requires. */
class XGatewayCustomerTest {

    private static final String HASH = XGatewayApi.sha256Base64("an agreement");
    private static final Map<String, String> BOTH_AGREEMENTS = Map.of(
            XGatewayProfile.PRIVACY_POLICY_HASH, HASH, XGatewayProfile.TERMS_AND_CONDITIONS_HASH, HASH);

    static Stream<Arguments> customersAndWhatTheyMiss() {
        return Stream.of(
                row("a new user", customer -> { }, List.of(APPLICANT, DOCUMENTS, AGREEMENTS, STATUS)),
                row("a user who accepted the agreements", XGatewayCustomerTest::acceptBoth,
                        List.of(APPLICANT, DOCUMENTS, STATUS)),
                row("with an applicant too (KYC_NEEDED)", acceptBoth().andThen(applicant()), List.of(DOCUMENTS, STATUS)),
                row("with a checkout link too", acceptBoth().andThen(applicant()).andThen(checkout()), List.of()),
                row("everything but the applicant", acceptBoth().andThen(checkout()), List.of(APPLICANT)),
                row("everything but the agreements", applicant().andThen(checkout()), List.of(AGREEMENTS)),
                row("only the privacy policy accepted",
                        applicant().andThen(checkout()).andThen(c -> c.updateProfile(
                                Map.of(XGatewayProfile.PRIVACY_POLICY_HASH, HASH))),
                        List.of(AGREEMENTS)));
    }

    @ParameterizedTest(name = "{0} misses {2}")
    @MethodSource("customersAndWhatTheyMiss")
    void verificationNeedsAnApplicantDocumentsAgreementsAndAVerifiableStatus(
            final String customerDescription, final Consumer<XGatewayCustomer> setUp,
            final List<XGatewayPrecondition> missing) {
        final XGatewayCustomer customer = newCustomer();
        setUp.accept(customer);
        final XGatewayStatus before = customer.status();

        final XGatewayCustomer.VerificationStart start = customer.startVerification();

        if (missing.isEmpty()) {
            assertThat(start.kind()).isEqualTo(XGatewayCustomer.StartKind.STARTED);
            assertThat(customer.status()).isEqualTo(XGatewayStatus.KYC_PENDING);
        } else {
            assertThat(start.kind()).isEqualTo(XGatewayCustomer.StartKind.NOT_VERIFIABLE);
            assertThat(start.missing()).containsExactlyElementsOf(missing);
            assertThat(customer.status()).as("a refused verification changes nothing").isEqualTo(before);
        }
    }

    @Test
    void theFirstApplicantMovesCreatedToKycNeededAndARetryReturnsIt() {
        final XGatewayCustomer customer = newCustomer();

        final XGatewayCustomer.Applicant first = customer.createApplicant("a1");
        final XGatewayCustomer.Applicant retry = customer.createApplicant("a2");

        assertThat(first).isEqualTo(new XGatewayCustomer.Applicant("a1", true, XGatewayStatus.KYC_NEEDED));
        assertThat(retry).isEqualTo(new XGatewayCustomer.Applicant("a1", false, XGatewayStatus.KYC_NEEDED));
    }

    @Test
    void aFlakyCustomersFaultComesBeforeThePreconditions() {
        final XGatewayCustomer customer = new XGatewayCustomer("c1", XGatewayProfile.EMPTY.merge(Map.of("lastName", "Flaky")));

        assertThat(customer.startVerification().kind()).isEqualTo(XGatewayCustomer.StartKind.FAULT);
        assertThat(customer.startVerification().missing()).containsExactly(APPLICANT, DOCUMENTS, AGREEMENTS, STATUS);
    }

    @Test
    void theRefusalMessageListsEveryMissingItemAndExplainsAWrongStatus() {
        assertThat(XGatewayPrecondition.message(List.of(APPLICANT, AGREEMENTS), XGatewayStatus.PENDING_KYC_DATA))
                .isEqualTo("KYC verification cannot start, missing: applicant, agreements.");
        assertThat(XGatewayPrecondition.message(List.of(DOCUMENTS, STATUS), XGatewayStatus.KYC_NEEDED))
                .isEqualTo("KYC verification cannot start, missing: documents, status. The KYC status is KYC_NEEDED;"
                        + " it must be KYC_PENDING, PENDING_KYC_DATA or SOFT_KYC_FAILED.");
    }

    private static XGatewayCustomer newCustomer() {
        return new XGatewayCustomer("c1", XGatewayProfile.EMPTY.merge(Map.of("lastName", "Lovelace")));
    }

    private static Consumer<XGatewayCustomer> acceptBoth() {
        return XGatewayCustomerTest::acceptBoth;
    }

    private static void acceptBoth(final XGatewayCustomer customer) {
        customer.updateProfile(BOTH_AGREEMENTS);
    }

    private static Consumer<XGatewayCustomer> applicant() {
        return customer -> customer.createApplicant("applicant-1");
    }

    private static Consumer<XGatewayCustomer> checkout() {
        return XGatewayCustomer::checkoutRequested;
    }

    private static Arguments row(final String description, final Consumer<XGatewayCustomer> setUp,
                                 final List<XGatewayPrecondition> missing) {
        return Arguments.of(description, setUp, missing);
    }
}
