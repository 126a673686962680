package org.kycorchestrator.emitter.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.emitter.delivery.EndpointLimits;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

class EndpointRoomTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void attemptsWaitingForAFullEndpointStartInTheOrderTheyCameAsSlotsAreGivenBack() throws Exception {
        // given: an endpoint allowed one request in flight, which is taken
        final EndpointRoom room = new EndpointRoom(EndpointLimits.of(1, 1000), scheduler);
        final EndpointRoom.Slot taken = room.enter(endpoint("ep-1")).get(5, TimeUnit.SECONDS);

        // when
        final CompletableFuture<EndpointRoom.Slot> second = room.enter(endpoint("ep-1"));
        final CompletableFuture<EndpointRoom.Slot> third = room.enter(endpoint("ep-1"));

        // then: both wait, and each gets the slot in turn as soon as it is given back
        assertThat(room.enter(endpoint("ep-2"))).succeedsWithin(Duration.ofSeconds(5));
        assertThat(second).isNotDone();
        assertThat(third).isNotDone();

        taken.ended();
        assertThat(second).succeedsWithin(Duration.ofSeconds(5));
        assertThat(third).isNotDone();

        second.get().unused();
        assertThat(third).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void anEndpointsStartsAreSpreadOverTimeByItsRate() {
        // given: five starts a second, all taken
        final EndpointRoom room = new EndpointRoom(EndpointLimits.of(100, 5), scheduler);
        for (int i = 0; i < 5; i++) {
            room.enter(endpoint("ep-1")).join().ended();
        }

        // when
        final long asked = System.nanoTime();
        final CompletableFuture<EndpointRoom.Slot> sixth = room.enter(endpoint("ep-1"));

        // then: it starts in the next second, not at once
        await().atMost(Duration.ofSeconds(3)).until(sixth::isDone);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThan(Duration.ofMillis(50));
    }

    private static WebhookEndpoint endpoint(final String id) {
        return WebhookEndpoint.newBuilder().setId(id).setTenantId("tenant").setUrl("https://merchant.example/hook")
                .setSecret("whsec_x").setCreatedAt(Instant.parse("2026-11-22T10:00:00Z")).build();
    }
}
