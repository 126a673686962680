package org.kycorchestrator.app.eos;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.AcceptAgreements;
import org.kycorchestrator.schemas.commands.CreateApplicant;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.RegisterCustomer;
import org.kycorchestrator.schemas.commands.RequestLink;
import org.kycorchestrator.schemas.commands.StartVerification;

/**
 * The merchant's backend, writing straight to {@code kyc.commands} (keyed by customer id) with an
 * idempotent producer, as the ingress API does. Command ids are derived from the customer and the
 * step, so a command sent twice is recognisably the same command.
 */
final class Merchant implements AutoCloseable {

    static final String TENANT = "eos-tenant";
    /** Base64 SHA-256 digests; the orchestrator checks the form, not the document. */
    private static final String AGREEMENT_HASH = Base64.getEncoder().encodeToString(new byte[32]);

    private final Topic<KycCommand> commands;
    private final KafkaProducer<String, KycCommand> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    Merchant(final KafkaClients clients, final KycTopics topics) {
        Objects.requireNonNull(clients, "clients cannot be null");
        this.commands = Objects.requireNonNull(topics, "topics cannot be null").commands();
        this.producer = new KafkaProducer<>(clients.producer("eos-merchant"), new StringSerializer(), commands.valueSerde().serializer());
    }

    /** Everything that needs no answer from the vendor, in the order a merchant would send it. */
    void onboard(final String customerId) {
        send(customerId, "register", RegisterCustomer.newBuilder()
                .setExternalId("merchant-" + customerId)
                .setVendor(Vendor.XGATEWAY)
                .setProfile(new Profile("Ada", "Lovelace", customerId + "@example.com", null, "GB", null, null, null, null, null))
                .build());
        send(customerId, "applicant", new CreateApplicant());
        send(customerId, "agreements", new AcceptAgreements(AGREEMENT_HASH, AGREEMENT_HASH));
        send(customerId, "link", new RequestLink("en", null));
    }

    void startVerification(final String customerId) {
        send(customerId, "verification", new StartVerification());
    }

    /** Waits until every command sent so far is acknowledged; fails if any was not. */
    void flush() {
        producer.flush();
        checkHealthy();
    }

    void checkHealthy() {
        final Exception first = failure.get();
        if (first != null) {
            throw new IllegalStateException("the merchant could not send a command", first);
        }
    }

    private void send(final String customerId, final String step, final Object payload) {
        final KycCommand command = KycCommand.newBuilder()
                .setCommandId(customerId + ":" + step)
                .setTenantId(TENANT)
                .setCustomerId(customerId)
                .setIssuedAt(Instant.now())
                .setPayload(payload)
                .build();
        producer.send(new ProducerRecord<>(commands.name(), customerId, command), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
