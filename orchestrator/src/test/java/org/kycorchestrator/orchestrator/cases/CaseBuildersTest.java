package org.kycorchestrator.orchestrator.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.ALL_DOCUMENTS;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.CUSTOMER;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.INPUTS;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.NOW;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.PROFILE;
import static org.kycorchestrator.orchestrator.cases.CaseFixtures.TENANT;

import java.time.Duration;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.schemas.HostedLink;
import org.kycorchestrator.schemas.IgnoredResult;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.cases.CommandRecord;
import org.kycorchestrator.schemas.cases.CommandStatus;
import org.kycorchestrator.schemas.cases.KycCase;

/** A transition builds each new case from the one before, sharing what it does not change. */
class CaseBuildersTest {

    private static final KycCase EVERY_FIELD_SET = KycCase.newBuilder()
            .setCustomerId(CUSTOMER).setTenantId(TENANT).setExternalId("ext-1").setVendor(Vendor.XGATEWAY)
            .setState(KycState.SOFT_KYC_FAILED).setVendorStatus("RETRY")
            .setProfile(PROFILE).setLink(new HostedLink("https://kyc.example/l1", NOW.plus(Duration.ofDays(1))))
            .setReasonCodes(List.of("missing_selfie")).setSequence(7)
            .setCreatedAt(NOW.minus(Duration.ofHours(2))).setUpdatedAt(NOW.minus(Duration.ofHours(1)))
            .setHistory(List.of(
                    KycStatusEvent.newBuilder().setEventId("e1").setType("kyc.created").setTenantId(TENANT).setCustomerId(CUSTOMER)
                            .setSequence(1).setTo(KycState.CREATED).setOccurredAt(NOW.minus(Duration.ofHours(2))).build(),
                    new IgnoredResult("res-0", Vendor.XGATEWAY, "FULL_USER", NOW.minus(Duration.ofHours(1)), "stale")))
            .setLinkExpired(true).setApplicantCreated(true).setApplicantId("app-1").setDocuments(ALL_DOCUMENTS)
            .setPrivacyPolicyHash(CaseFixtures.HASH).setTermsAndConditionsHash(CaseFixtures.HASH)
            .setDocsMissing(List.of("SELFIE")).setRejectLabels(List.of("BAD_PHOTO")).setEndUserMessage("retake the selfie")
            .setAttempts(2).setGeneration(3).setVerificationDeadline(NOW.plus(Duration.ofMinutes(10))).setPolls(4)
            .setLastVendorTime(NOW.minus(Duration.ofMinutes(5))).setLastVendorSequence(41L)
            .setRecentCommands(List.of(new CommandRecord("cmd-0", CommandStatus.ACCEPTED, true, List.of())))
            .setVendorReference("vendor-ref-1")
            .build();

    @Test
    void theFixtureSetsEveryFieldOfTheSchemaToSomethingOtherThanItsDefault() {
        // A field left at its default would pass the next test even if the copy forgot it.
        for (Schema.Field field : KycCase.getClassSchema().getFields()) {
            final Object value = EVERY_FIELD_SET.get(field.pos());
            assertThat(value).as(field.name()).isNotNull();
            if (field.hasDefaultValue()) {
                assertThat(value).as(field.name()).isNotEqualTo(SpecificData.get().getDefaultValue(field));
            }
        }
    }

    @Test
    void aCaseBuiltFromAnotherWithNothingChangedEqualsIt() {
        assertThat(CaseBuilders.sharing(EVERY_FIELD_SET).build()).isEqualTo(EVERY_FIELD_SET);
    }

    @Test
    void aNewCaseHoldsTheSchemaDefaultsAvroItselfWouldHaveGivenIt() {
        // given only the fields without a default
        final KycCase byAvro = KycCase.newBuilder()
                .setCustomerId(CUSTOMER).setTenantId(TENANT).setExternalId("ext-1").setVendor(Vendor.XGATEWAY).setState(KycState.CREATED)
                .setProfile(PROFILE).setSequence(0).setCreatedAt(NOW).setUpdatedAt(NOW).build();

        // then the fresh builder's defaults are the same values
        assertThat(CaseBuilders.fresh()
                .setCustomerId(CUSTOMER).setTenantId(TENANT).setExternalId("ext-1").setVendor(Vendor.XGATEWAY).setState(KycState.CREATED)
                .setProfile(PROFILE).setSequence(0).setCreatedAt(NOW).setUpdatedAt(NOW).build()).isEqualTo(byAvro);
    }

    @Test
    void theNewCaseHoldsTheVeryListsAndRecordsOfTheOldOneRatherThanCopiesOfThem() {
        final KycCase next = CaseBuilders.sharing(EVERY_FIELD_SET).setSequence(8).build();

        assertThat(next.getHistory()).isSameAs(EVERY_FIELD_SET.getHistory());
        assertThat(next.getRecentCommands()).isSameAs(EVERY_FIELD_SET.getRecentCommands());
        assertThat(next.getDocuments()).isSameAs(EVERY_FIELD_SET.getDocuments());
        assertThat(next.getProfile()).isSameAs(EVERY_FIELD_SET.getProfile());
        assertThat(next.getLink()).isSameAs(EVERY_FIELD_SET.getLink());
        assertThat(next.getSequence()).isEqualTo(8);
    }

    @Test
    void noTransitionChangesTheCaseItStartsFrom() {
        // Sharing is only safe because of this: every input of the table, on a case in every state.
        final KycTransitions transitions = new KycTransitions(new KycRules(2, Duration.ofMinutes(10), 3, Duration.ofHours(1), 100));
        for (KycCase current : CaseFixtures.allStates().values()) {
            final KycCase untouched = KycCase.newBuilder(current).build();
            INPUTS.forEach((name, input) -> {
                transitions.apply(current, input.apply(current), NOW);
                assertThat(current).as(name + " on " + untouched.getState()).isEqualTo(untouched);
            });
        }
        final KycCase untouched = KycCase.newBuilder(EVERY_FIELD_SET).build();
        INPUTS.forEach((name, input) -> transitions.apply(EVERY_FIELD_SET, input.apply(EVERY_FIELD_SET), NOW));
        assertThat(EVERY_FIELD_SET).isEqualTo(untouched);
    }
}
