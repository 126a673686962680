package org.kycorchestrator.orchestrator;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;

@ExtendWith(SharedKafka.class)
class OrchestratorOnEmbeddedKafkaTest {

    @Test
    void aRegistrationIsAnsweredThroughTheRealEmbeddedBroker(final EmbeddedKafkaBroker broker, @TempDir final Path stateDir) throws Exception {
        OrchestratorOnABrokerCheck.registrationIsAnsweredThroughKafka(broker.bootstrapServers(), stateDir);
    }
}
