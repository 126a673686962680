package org.kycorchestrator.ingress.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;

/** Whether Kafka answers, asked of the real shared broker and of a port where no broker listens. */
@ExtendWith(SharedKafka.class)
class KafkaReachabilityTest {

    @Test
    void aRunningBrokerIsReachable(final EmbeddedKafkaBroker broker) {
        try (KafkaReachability kafka = new KafkaReachability(new KafkaClients(broker.bootstrapServers()), Duration.ofSeconds(5))) {
            assertThat(kafka.problems()).isEmpty();
        }
    }

    @Test
    void aPortWithoutABrokerIsNotAndSaysSoWithinTheTimeout() throws IOException {
        final String nowhere = "localhost:" + unusedPort();
        try (KafkaReachability kafka = new KafkaReachability(new KafkaClients(nowhere), Duration.ofMillis(500))) {
            final long begin = System.nanoTime();

            assertThat(kafka.problems()).containsExactly("Kafka at " + nowhere + " did not answer within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
