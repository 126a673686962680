package org.kycorchestrator.emitter.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.Vendor;

class StatusEventPayloadTest {

    @Test
    void theBodyCarriesTheEventsIdsStatesAndCodes() throws Exception {
        // given
        final KycStatusEvent event = KycStatusEvent.newBuilder()
                .setEventId("evt-1")
                .setType("kyc.soft_kyc_failed")
                .setTenantId("tenant-a")
                .setCustomerId("cus-1")
                .setSequence(4)
                .setFrom(KycState.VERIFICATION_IN_PROGRESS)
                .setTo(KycState.SOFT_KYC_FAILED)
                .setReasonCodes(List.of("document_blurry", "name_mismatch"))
                .setVendor(Vendor.GRID)
                .setVendorStatus("HOLD")
                .setOccurredAt(Instant.parse("2024-05-01T10:00:00.250Z"))
                .build();

        // when
        final JsonNode body = new ObjectMapper().readTree(StatusEventPayload.json(event));

        // then
        assertThat(body.toString()).isEqualTo("{\"id\":\"evt-1\",\"type\":\"kyc.soft_kyc_failed\",\"timestamp\":\"2024-05-01T10:00:00.250Z\","
                + "\"data\":{\"tenantId\":\"tenant-a\",\"customerId\":\"cus-1\",\"from\":\"VERIFICATION_IN_PROGRESS\","
                + "\"to\":\"SOFT_KYC_FAILED\",\"reasonCodes\":[\"document_blurry\",\"name_mismatch\"],\"vendor\":\"GRID\","
                + "\"vendorStatus\":\"HOLD\",\"sequence\":4}}");
    }

    @Test
    void aFirstEventWithoutPreviousStateOrVendorHasNulls() throws Exception {
        // given
        final KycStatusEvent event = KycStatusEvent.newBuilder()
                .setEventId("evt-0").setType("kyc.created").setTenantId("tenant-a").setCustomerId("cus-1")
                .setSequence(1).setTo(KycState.CREATED).setOccurredAt(Instant.parse("2024-05-01T10:00:00Z"))
                .build();

        // when
        final JsonNode data = new ObjectMapper().readTree(StatusEventPayload.json(event)).path("data");

        // then
        assertThat(data.get("from").isNull()).isTrue();
        assertThat(data.get("vendor").isNull()).isTrue();
        assertThat(data.get("vendorStatus").isNull()).isTrue();
        assertThat(data.get("reasonCodes").isEmpty()).isTrue();
    }
}
