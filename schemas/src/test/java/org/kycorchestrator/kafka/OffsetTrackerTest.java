package org.kycorchestrator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void aPartitionIsCommittedOnlyPastRecordsThatAreAllDone() {
        // given
        tracker.started(P0, 10);
        tracker.started(P0, 11);
        tracker.started(P0, 12);

        // when: the later records finish before the first
        tracker.finished(P0, 11);
        tracker.finished(P0, 12);

        // then
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.inFlight()).isEqualTo(1);

        // when
        tracker.finished(P0, 10);

        // then
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void anOffsetIsOfferedForCommitOnce() {
        // given
        tracker.started(P0, 0);
        tracker.finished(P0, 0);
        tracker.committable();

        // then
        assertThat(tracker.committable()).isEmpty();
    }

    @Test
    void aForgottenPartitionIsNeitherCommittedNorCountedAndItsLateFinishesAreIgnored() {
        // given
        tracker.started(P0, 5);
        tracker.started(P1, 7);

        // when
        tracker.forget(P0);
        tracker.finished(P0, 5);
        tracker.finished(P1, 7);

        // then
        assertThat(tracker.committable()).isEqualTo(Map.of(P1, new OffsetAndMetadata(8)));
        assertThat(tracker.inFlight()).isZero();
    }
}
