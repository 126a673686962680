package org.kycorchestrator.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class PartitionLaneTest {

    // Runs work on the calling thread, so each step can be watched as it happens.
    private final PartitionLane lane = new PartitionLane(Runnable::run);
    private final List<Long> started = new ArrayList<>();

    @Test
    void aRecordsWorkStartsOnlyOnceThePreviousRecordsWorkIsDone() {
        // given
        final CompletableFuture<Void> first = new CompletableFuture<>();
        lane.enqueue(10, track(10, first));
        lane.enqueue(11, track(11, CompletableFuture.completedFuture(null)));

        // when: the first record's deliveries are still under way
        // then
        assertThat(started).containsExactly(10L);
        assertThat(lane.isIdle()).isFalse();
        assertThat(lane.commitDue()).isEmpty();

        // when
        first.complete(null);

        // then
        assertThat(started).containsExactly(10L, 11L);
        assertThat(lane.isIdle()).isTrue();
        assertThat(lane.commitDue()).isEqualTo(OptionalLong.of(12));
    }

    @Test
    void committedProgressIsNotDueAgain() {
        // given
        lane.enqueue(3, track(3, CompletableFuture.completedFuture(null)));

        // when
        lane.committed(4);

        // then
        assertThat(lane.commitDue()).isEmpty();
    }

    @Test
    void afterAFailureLaterRecordsAreSkippedAndTheFailedOffsetIsProcessedAgain() {
        // given
        lane.enqueue(5, track(5, CompletableFuture.completedFuture(null)));
        lane.enqueue(6, track(6, CompletableFuture.failedFuture(new IllegalStateException("dead-letter topic unwritable"))));
        lane.enqueue(7, track(7, CompletableFuture.completedFuture(null)));

        // then
        assertThat(started).containsExactly(5L, 6L);
        assertThat(lane.hasFailed()).isTrue();
        assertThat(lane.commitDue()).isEqualTo(OptionalLong.of(6));

        // when
        final long again = lane.recover(Duration.ZERO);

        // then
        assertThat(again).isEqualTo(6);
        assertThat(lane.isReady()).isTrue();
    }

    @Test
    void aCancelledLaneStartsNoMoreWork() {
        // given
        final CompletableFuture<Void> first = new CompletableFuture<>();
        lane.enqueue(1, track(1, first));
        lane.enqueue(2, track(2, CompletableFuture.completedFuture(null)));

        // when
        lane.cancel();
        first.complete(null);

        // then
        assertThat(started).containsExactly(1L);
        assertThat(lane.commitDue()).isEqualTo(OptionalLong.of(2));
    }

    private java.util.function.Supplier<CompletableFuture<Void>> track(final long offset, final CompletableFuture<Void> work) {
        return () -> {
            started.add(offset);
            return work;
        };
    }
}
