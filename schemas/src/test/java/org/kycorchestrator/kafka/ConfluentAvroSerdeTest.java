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
    void eachRecordIsWrittenAloneWhateverTheThreadWroteBefore() {
        // A thread reuses its buffer: a long record, then a short one, then one that cannot be
        // written must each leave nothing behind in the next record's bytes.
        final KycStatusEvent longOne = KycStatusEvent.newBuilder(event()).setReasonCodes(java.util.Collections.nCopies(20_000, "reason")).build();
        final KycStatusEvent unwritable = KycStatusEvent.newBuilder(event()).build();
        unwritable.setCustomerId(null); // after three fields already written

        final byte[] first = serde.serialize("kyc.status", event());
        assertThat(serde.deserialize("kyc.status", serde.serialize("kyc.status", longOne))).isEqualTo(longOne);
        assertThat(serde.serialize("kyc.status", event())).isEqualTo(first);
        assertThatThrownBy(() -> serde.serialize("kyc.status", unwritable)).isInstanceOf(SerializationException.class);
        assertThat(serde.serialize("kyc.status", event())).isEqualTo(first);
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
