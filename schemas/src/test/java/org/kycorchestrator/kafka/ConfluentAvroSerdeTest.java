package org.kycorchestrator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.Vendor;

class ConfluentAvroSerdeTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final ConfluentAvroSerde<KycStatusEvent> serde = new ConfluentAvroSerde<>(KycStatusEvent.class, registry);

    @Test
    void writesMagicByteThenTheRegisteredSchemaIdThenAvro() {
        final byte[] bytes = serde.serialize("kyc.status", event());

        assertThat(bytes[0]).isZero();
        final int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(registry.schemaById(id)).isEqualTo(KycStatusEvent.getClassSchema());
        assertThat(serde.deserialize("kyc.status", bytes)).isEqualTo(event());
    }

    @Test
    void refusesBytesThatAreNotInTheWireFormat() {
        assertThatThrownBy(() -> serde.deserialize("kyc.status", "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a Confluent-wire-format");
    }

    private static KycStatusEvent event() {
        return KycStatusEvent.newBuilder()
                .setEventId("evt-1").setType("kyc.approved").setTenantId("t1").setCustomerId("c1")
                .setSequence(3).setFrom(KycState.VERIFICATION_IN_PROGRESS).setTo(KycState.APPROVED)
                .setReasonCodes(List.of()).setVendor(Vendor.XGATEWAY).setVendorStatus("FULL_USER")
                .setOccurredAt(Instant.parse("2026-01-02T03:04:05Z").truncatedTo(ChronoUnit.MILLIS))
                .build();
    }
}
