package org.kycorchestrator.ingress.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.kycorchestrator.ingress.http.Answer;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.kafka.Publisher;
import org.kycorchestrator.ingress.kafka.TopicFollower;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.kafka.Topic;
import org.kycorchestrator.schemas.idempotency.IdempotencyRecord;
import org.kycorchestrator.schemas.idempotency.RememberedAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a command safe to retry: the first request sent with an Idempotency-Key is carried out,
 * and a retry of it within the key's time to live gets its first answer again, without publishing
 * anything. Another request with the same key gets a 409. The keys live on the compacted topic
 * {@code kyc.idempotency-keys}, which every instance reads as a table, so they survive restarts
 * and hold across instances.
 *
 * <p>A key the table does not know is claimed before anything is published: this instance writes a
 * reservation and reads the topic up to it. The first reservation of the key in the partition's
 * order holds it, so of two instances racing with different requests exactly one goes on; racing
 * with the same request, both go on and publish the same command id, which the orchestrator
 * settles (it answers a command id it has seen with its first outcome). The loser of a race writes
 * the winner's record again, so that compaction, which keeps only a key's latest record, keeps it.
 *
 * <p>A key whose request was published but whose answer was not kept (Kafka failed just then, or
 * the instance stopped, or the first request is still waiting for its outcome) publishes the
 * command again under the same command id, for the same reason.
 * Answers of 5xx are not kept: retrying them with the same key tries again.
 *
 * <p>Known gaps: the loser of a race that stops before writing the winner's record again may leave
 * its own record as the key's latest, so after compaction and a restart the winner's retries would
 * get a 409. Every instance holds the keys of the last {@code ttl} in memory.
 */
public final class IdempotencyKeys implements AutoCloseable {

    public static final String TTL_CONFIG = org.kycorchestrator.kafka.TopicProvisioner.IDEMPOTENCY_KEY_TTL;
    public static final Duration DEFAULT_TTL = org.kycorchestrator.kafka.TopicProvisioner.DEFAULT_IDEMPOTENCY_KEY_TTL;

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final Topic<IdempotencyRecord> topic;
    private final Publisher publisher;
    private final Clock clock;
    private final Duration ttl;
    private final RememberedKeys table;
    private final TopicFollower<IdempotencyRecord> follower;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        final Thread thread = new Thread(runnable, "ingress-idempotency");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Instant> lastSweep;

    public IdempotencyKeys(final KafkaClients clients, final KycTopics topics, final Publisher publisher, final Clock clock,
                           final Duration ttl) {
        this.topic = topics.idempotencyKeys();
        this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.ttl = Objects.requireNonNull(ttl, "ttl cannot be null");
        this.table = new RememberedKeys(ttl);
        this.follower = new TopicFollower<>(clients, topic, true, table::apply);
        this.lastSweep = new AtomicReference<>(clock.instant());
    }

    public void start() {
        follower.start();
    }

    /** Ready once every key on the topic at start-up was read. */
    public boolean isReady() {
        return follower.isCaughtUp();
    }

    /**
     * The answer to a request sent with {@code key}: its first answer when it was answered before,
     * a 409 when the key belongs to another request, and otherwise what {@code firstTime} answers,
     * which is then kept. Fails with a 503 {@link ApiError} when Kafka cannot say or keep which
     * request holds the key.
     *
     * @param fingerprint the request's {@link RequestFingerprint}
     * @param commandId   the command id {@code firstTime} publishes, {@link IdempotencyKey#commandId}
     */
    public CompletableFuture<Answer> submit(final IdempotencyKey key, final String fingerprint, final String commandId,
                                            final Supplier<CompletableFuture<Answer>> firstTime) {
        forgetExpiredNowAndThen();
        // What this instance has read settles an answered key, and a key held by another request.
        // Anything else is claimed, which also reads the key's partition up to now: the first answer
        // may have been kept by another instance a moment ago.
        final CompletableFuture<IdempotencyRecord> holder = table.find(key, clock.instant())
                .filter(known -> known.getAnswer() != null || !known.getRequestHash().equals(fingerprint))
                .map(CompletableFuture::completedFuture)
                .orElseGet(() -> claim(key, fingerprint, commandId));
        return holder.thenComposeAsync(record -> answer(key, fingerprint, record, firstTime), executor);
    }

    private CompletableFuture<Answer> answer(final IdempotencyKey key, final String fingerprint, final IdempotencyRecord holder,
                                             final Supplier<CompletableFuture<Answer>> firstTime) {
        if (!holder.getRequestHash().equals(fingerprint)) {
            return CompletableFuture.failedFuture(new ApiError(409, "conflict", IdempotencyKey.HEADER + " " + key.value()
                    + " was used for another request within the last " + hours(ttl) + "; a new request needs a new key"));
        }
        final RememberedAnswer first = holder.getAnswer();
        if (first != null) {
            return CompletableFuture.completedFuture(new Answer(first.getStatus(), first.getBody().getBytes(StandardCharsets.UTF_8), true));
        }
        return firstTime.get().thenComposeAsync(answer -> keep(key, holder, answer), executor);
    }

    /** Writes a reservation of the key and reads the topic up to it, to learn which request holds the key. */
    private CompletableFuture<IdempotencyRecord> claim(final IdempotencyKey key, final String fingerprint, final String commandId) {
        final IdempotencyRecord reservation = IdempotencyRecord.newBuilder()
                .setTenantId(key.tenantId())
                .setIdempotencyKey(key.value())
                .setRequestHash(fingerprint)
                .setCommandId(commandId)
                .setFirstSeenAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .setAnswer(null)
                .build();
        return publisher.write(topic, key.recordKey(), reservation)
                .thenCompose(this::readBack)
                .thenApplyAsync(read -> holderOf(key, reservation), executor);
    }

    private CompletableFuture<Void> readBack(final RecordMetadata written) {
        return follower.readPast(written.partition(), written.offset())
                .orTimeout(publisher.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(timeout -> CompletableFuture.failedFuture(
                        ApiError.serviceUnavailable("Kafka is too slow to tell whether " + IdempotencyKey.HEADER + " is in use; try again")));
    }

    private IdempotencyRecord holderOf(final IdempotencyKey key, final IdempotencyRecord reservation) {
        final IdempotencyRecord holder = table.find(key, clock.instant()).orElse(reservation);
        if (!holder.getRequestHash().equals(reservation.getRequestHash())) {
            // Our reservation came after the holder's and is now the key's latest record; compaction
            // keeps only that one, so the holder's goes on the topic again.
            publisher.publish(topic, key.recordKey(), holder).exceptionally(error -> {
                LOG.warn("Could not write again the holder of an idempotency key (command {})", holder.getCommandId());
                return null;
            });
        }
        return holder;
    }

    /** Keeps the first answer for the retries; the caller gets it even when Kafka could not keep it. */
    private CompletableFuture<Answer> keep(final IdempotencyKey key, final IdempotencyRecord holder, final Answer answer) {
        if (answer.status() >= 500) {
            return CompletableFuture.completedFuture(answer);
        }
        final IdempotencyRecord answered = IdempotencyRecord.newBuilder(holder)
                .setAnswer(new RememberedAnswer(answer.status(), new String(answer.envelope(), StandardCharsets.UTF_8),
                        clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                .build();
        return publisher.publish(topic, key.recordKey(), answered).handle((kept, error) -> {
            if (error != null) {
                LOG.warn("The first answer to command {} was not kept; a retry publishes the command again, "
                        + "which the orchestrator answers as before", holder.getCommandId());
            }
            return answer;
        });
    }

    private void forgetExpiredNowAndThen() {
        final Instant now = clock.instant();
        final Instant last = lastSweep.get();
        if (now.isAfter(last.plus(SWEEP_EVERY)) && lastSweep.compareAndSet(last, now)) {
            table.forgetExpired(now);
        }
    }

    private static String hours(final Duration duration) {
        return duration.toMinutes() % 60 == 0 ? duration.toHours() + " h" : duration.toMinutes() + " min";
    }

    @Override
    public void close() {
        follower.close();
        executor.shutdown();
    }
}
