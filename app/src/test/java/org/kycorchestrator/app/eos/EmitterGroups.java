package org.kycorchestrator.app.eos;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.kycorchestrator.emitter.sending.AttemptSender;

/**
 * Kafka's own view of the callback emitter's two consumer groups: the scheduler's (Kafka Streams,
 * by its application id) and the sender's. A lone emitter process is ready once it is the only
 * member of both and owns their partitions. The emitter has no HTTP side to ask, and its log does
 * not say when its partitions were assigned; the group coordinator does.
 *
 * <p>A killed process stays a member until its session runs out, so "the only member" also means
 * the killed one is gone; its member ids are told apart from the successor's, since a successor on
 * the same data directory even has the same client id.
 */
final class EmitterGroups {

    private final Admin admin;
    private final List<String> groupIds;

    EmitterGroups(final Admin admin, final String schedulerApplicationId) {
        this.admin = Objects.requireNonNull(admin, "admin cannot be null");
        this.groupIds = List.of(Objects.requireNonNull(schedulerApplicationId, "schedulerApplicationId cannot be null"),
                AttemptSender.GROUP_ID);
    }

    /** The member ids in either group now. */
    Set<String> memberIds() {
        return describe().values().stream().flatMap(group -> group.members().stream())
                .map(MemberDescription::consumerId).collect(Collectors.toSet());
    }

    /** Each group is stable with a single member, none of {@code formerMembers}, which owns partitions. */
    boolean ownedByOneMemberOtherThan(final Collection<String> formerMembers) {
        return describe().values().stream().allMatch(group -> group.groupState() == GroupState.STABLE
                && group.members().size() == 1
                && group.members().stream().allMatch(member -> !formerMembers.contains(member.consumerId())
                        && !member.assignment().topicPartitions().isEmpty()));
    }

    private Map<String, ConsumerGroupDescription> describe() {
        try {
            return admin.describeConsumerGroups(groupIds).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the groups " + groupIds, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the groups " + groupIds, e);
        }
    }
}
