package org.kycorchestrator.orchestrator.topology;

import java.time.Instant;
import java.util.Objects;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kycorchestrator.kafka.DeadLetters;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.TopicNames;
import org.kycorchestrator.orchestrator.cases.CaseViews;
import org.kycorchestrator.orchestrator.cases.KycInput;
import org.kycorchestrator.orchestrator.cases.KycTransitions;
import org.kycorchestrator.orchestrator.cases.Transition;
import org.kycorchestrator.schemas.cases.KycCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin shell around {@link KycTransitions}: read the case, apply the input, store the case,
 * and forward what the transition produced. Under exactly-once, the store update and every output
 * commit together or not at all.
 */
final class KycCaseProcessor implements Processor<String, byte[], String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(KycCaseProcessor.class);

    private final KycTopics topics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, KycCase> cases;

    KycCaseProcessor(final KycTopics topics) {
        this.topics = Objects.requireNonNull(topics, "topics cannot be null");
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.cases = context.getStateStore(KycTopology.CASE_STORE);
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        final String sourceTopic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
        final KycInput input;
        try {
            input = read(sourceTopic, record.value());
        } catch (RuntimeException e) {
            deadLetter(record, "unreadable record: " + e.getMessage());
            return;
        }
        if (record.key() == null || !record.key().equals(input.customerId())) {
            deadLetter(record, "the key does not match the customer id of the record");
            return;
        }
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        final Transition transition = KycTransitions.apply(cases.get(record.key()), input, now);
        transition.kycCase().filter(c -> transition.caseChanged()).ifPresent(changed -> {
            cases.put(record.key(), changed);
            forward(record, KycTopology.CASES_SINK, CaseViews.of(changed));
        });
        transition.statusEvents().forEach(event -> forward(record, KycTopology.STATUS_SINK, event));
        transition.providerRequests().forEach(request -> forward(record, KycTopology.REQUESTS_SINK, request));
        transition.commandResult().ifPresent(result -> forward(record, KycTopology.COMMAND_RESULTS_SINK, result));
    }

    private KycInput read(final String sourceTopic, final byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("empty value");
        }
        if (TopicNames.COMMANDS.equals(sourceTopic)) {
            return new KycInput.Command(topics.commands().valueSerde().deserializer().deserialize(sourceTopic, value));
        }
        return new KycInput.VendorResult(topics.providerResults().valueSerde().deserializer().deserialize(sourceTopic, value));
    }

    private void forward(final Record<String, byte[]> source, final String sink, final Object value) {
        context.forward(new Record<String, Object>(source.key(), value, source.timestamp()), sink);
    }

    private void deadLetter(final Record<String, byte[]> record, final String reason) {
        final RecordMetadata meta = context.recordMetadata().orElseThrow();
        LOG.warn("Dead-lettering {}-{}@{}: {}", meta.topic(), meta.partition(), meta.offset(), reason);
        forward(record, KycTopology.DEAD_LETTERS_SINK, DeadLetters.letter(KycTopology.COMPONENT, meta.topic(),
                meta.partition(), meta.offset(), record.key(), record.value(), reason));
    }
}
