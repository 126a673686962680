package org.kycorchestrator.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.TopicProvisioner;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;

@ExtendWith(SharedKafka.class)
class SchemaStoreTest {

    private static final String V1 = """
            {"type":"record","name":"Thing","namespace":"test","fields":[{"name":"id","type":"string"}]}""";
    private static final String V2_WITH_DEFAULT = """
            {"type":"record","name":"Thing","namespace":"test","fields":[{"name":"id","type":"string"},
             {"name":"note","type":["null","string"],"default":null}]}""";
    private static final String V2_WITHOUT_DEFAULT = """
            {"type":"record","name":"Thing","namespace":"test","fields":[{"name":"id","type":"string"},
             {"name":"size","type":"int"}]}""";

    private static KafkaClients clients;

    @BeforeAll
    static void createTopics(final EmbeddedKafkaBroker broker) {
        clients = new KafkaClients(broker.bootstrapServers());
        try (Admin admin = Admin.create(clients.admin())) {
            new TopicProvisioner(Config.of(Map.of())).provision(admin);
        }
    }

    @Test
    void registeringTheSameSchemaTwiceGivesTheSameIdAndOneVersion() {
        final String subject = subject();
        try (SchemaStore store = new SchemaStore(clients)) {
            final int id = store.register(subject, V1);

            assertThat(store.register(subject, V1)).isEqualTo(id);
            assertThat(store.versions(subject)).contains(java.util.List.of(1));
        }
    }

    @Test
    void aBackwardCompatibleSchemaBecomesTheNextVersion() {
        final String subject = subject();
        try (SchemaStore store = new SchemaStore(clients)) {
            final int first = store.register(subject, V1);
            final int second = store.register(subject, V2_WITH_DEFAULT);

            assertThat(second).isNotEqualTo(first);
            assertThat(store.version(subject, "latest")).get().extracting(SchemaStore.Version::version).isEqualTo(2);
        }
    }

    @Test
    void aSchemaThatOldDataCannotBeReadWithIsRefused() {
        final String subject = subject();
        try (SchemaStore store = new SchemaStore(clients)) {
            store.register(subject, V1);

            assertThatThrownBy(() -> store.register(subject, V2_WITHOUT_DEFAULT))
                    .isInstanceOf(SchemaStore.IncompatibleSchemaException.class)
                    .hasMessageContaining("BACKWARD");
            assertThat(store.versions(subject)).contains(java.util.List.of(1));
        }
    }

    @Test
    void idsAndVersionsSurviveARestartOfTheRegistry() {
        final String subject = subject();
        final int id;
        try (SchemaStore store = new SchemaStore(clients)) {
            id = store.register(subject, V1);
        }

        try (SchemaStore reloaded = new SchemaStore(clients)) {
            assertThat(reloaded.schema(id)).isPresent();
            assertThat(reloaded.register(subject, V1)).isEqualTo(id);
            assertThat(reloaded.subjects()).contains(subject);
        }
    }

    private static String subject() {
        return "test-" + UUID.randomUUID() + "-value";
    }
}
