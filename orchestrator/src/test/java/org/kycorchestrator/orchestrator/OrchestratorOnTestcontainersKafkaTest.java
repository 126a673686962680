package org.kycorchestrator.orchestrator;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same check against Testcontainers' Kafka, where a Docker engine exists; skipped elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class OrchestratorOnTestcontainersKafkaTest {

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1");

    @Test
    void aRegistrationIsAnsweredThroughAContainerBroker(@TempDir final Path stateDir) throws Exception {
        OrchestratorOnABrokerCheck.registrationIsAnsweredThroughKafka(KAFKA.getBootstrapServers(), stateDir);
    }
}
