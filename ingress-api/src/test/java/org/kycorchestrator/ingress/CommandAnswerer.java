package org.kycorchestrator.ingress;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.commands.KycCaseView;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.Outcome;
import org.kycorchestrator.schemas.commands.RegisterCustomer;

/**
 * Stands in for the orchestrator on the real broker, for one tenant: it reads {@code kyc.commands}
 * and accepts each of the tenant's commands on {@code kyc.command-results}, with a case (created
 * by a registration). Commands of other tenants get no answer.
 */
public final class CommandAnswerer implements AutoCloseable {

    private final String tenantId;
    private final KycTopics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread thread;

    public CommandAnswerer(final String bootstrapServers, final KycTopics topics, final String tenantId) {
        this.tenantId = tenantId;
        this.topics = topics;
        final KafkaClients clients = new KafkaClients(bootstrapServers);
        this.consumer = new KafkaConsumer<>(clients.consumer(null, "answerer-" + tenantId), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(clients.producer("answerer-" + tenantId), new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "answerer-" + tenantId);
        thread.setDaemon(true);
        thread.start();
        try {
            if (!positioned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the answerer did not start reading");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void run() {
        try {
            final List<TopicPartition> partitions = consumer.partitionsFor(topics.commands().name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // Resolves the end now, so that commands sent after the constructor returns are read.
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    final KycCommand command = topics.commands().valueSerde().deserializer().deserialize(record.topic(), record.value());
                    if (command.getTenantId().equals(tenantId)) {
                        answer(command);
                    }
                }
            }
        } catch (WakeupException e) {
            // closed
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void answer(final KycCommand command) {
        final boolean registration = command.getPayload() instanceof RegisterCustomer;
        final KycCaseView view = KycCaseView.newBuilder().setCustomerId(command.getCustomerId()).setTenantId(tenantId)
                .setExternalId(registration ? ((RegisterCustomer) command.getPayload()).getExternalId() : "known")
                .setState(KycState.CREATED).setVendor(Vendor.XGATEWAY).setSequence(1)
                .setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();
        final CommandResult result = CommandResult.newBuilder().setCommandId(command.getCommandId()).setTenantId(tenantId)
                .setCustomerId(command.getCustomerId()).setOutcome(Outcome.ACCEPTED).setCreated(registration)
                .setKycCase(view).setDecidedAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(topics.commandResults().name(), command.getCustomerId().getBytes(StandardCharsets.UTF_8),
                topics.commandResults().valueSerde().serializer().serialize(topics.commandResults().name(), result)));
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
