package org.kycorchestrator.ingress.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;
import static org.kycorchestrator.ingress.IngressOnKafka.data;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kycorchestrator.ingress.CommandAnswerer;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;

/**
 * {@code Prefer: wait=N} with two API instances on the real broker: every instance reads every
 * outcome on {@code kyc.command-results}, and each answers only the callers waiting on it.
 */
@ExtendWith(SharedKafka.class)
class PreferWaitAcrossInstancesTest {

    private static final String ANSWERED_KEY = "wait-key-answered";
    private static final String UNANSWERED_KEY = "wait-key-unanswered";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final Tenant ANSWERED = new Tenant("wait-answered-" + SUFFIX);
    private static final Tenant UNANSWERED = new Tenant("wait-unanswered-" + SUFFIX);

    private static IngressOnKafka one;
    private static IngressOnKafka two;
    private static CommandAnswerer orchestrator;

    @BeforeAll
    static void start(final EmbeddedKafkaBroker broker) {
        final Tenants tenants = new Tenants(Map.of(Tenants.sha256(ANSWERED_KEY), ANSWERED, Tenants.sha256(UNANSWERED_KEY), UNANSWERED));
        one = IngressOnKafka.start(broker, Map.of(), tenants, customerId -> new CaseReader.NotFound());
        two = IngressOnKafka.start(broker, Map.of(), tenants, customerId -> new CaseReader.NotFound());
        // the orchestrator's stand-in answers the commands of one tenant only
        orchestrator = new CommandAnswerer(broker.bootstrapServers(), TOPICS, ANSWERED.id());
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
        one.close();
        two.close();
    }

    @Test
    void eachInstanceAnswersItsOwnWaitingCallersWithTheirOwnOutcome() throws Exception {
        // given ten callers waiting at once, half on each instance
        final List<String> externalIds = new ArrayList<>();
        final List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            final IngressOnKafka instance = i % 2 == 0 ? one : two;
            final String externalId = "user-" + UUID.randomUUID();
            externalIds.add(externalId);
            answers.add(CompletableFuture.supplyAsync(() -> register(instance, ANSWERED_KEY, externalId, "wait=10")));
        }

        // then each gets the outcome of its own command: 201 with its own customer's case
        for (int i = 0; i < 10; i++) {
            final HttpResponse<String> answer = answers.get(i).get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            assertThat(data(answer).path("customerId").asText()).isEqualTo(CustomerRoutes.customerId(ANSWERED, externalIds.get(i)));
            assertThat(data(answer).path("externalId").asText()).isEqualTo(externalIds.get(i));
            assertThat(data(answer).path("state").asText()).isEqualTo("CREATED");
        }
    }

    @Test
    void anOutcomeThatDoesNotComeInTimeIsAnswered202AfterTheWait() throws Exception {
        // given a command no one answers
        final long started = System.nanoTime();

        // when its caller waits up to 1 s
        final HttpResponse<String> answer = register(two, UNANSWERED_KEY, "user-" + UUID.randomUUID(), "wait=1");

        // then the answer is 202 with the command id, after the wait and not much later
        final Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(data(answer).path("commandId").asText()).isNotBlank();
        assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "Prefer: {0} is a 400 that publishes nothing")
    @ValueSource(strings = {"wait=31", "wait=3600", "wait=-1", "wait=soon"})
    void aWaitOfMoreThanThirtySecondsIsRefused(final String prefer) throws Exception {
        final String externalId = "user-" + UUID.randomUUID();

        final HttpResponse<String> answer = register(one, ANSWERED_KEY, externalId, prefer);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"code\":\"bad_request\"").contains("Prefer: wait must be a whole number of seconds from 0 to 30");
        final String customerId = CustomerRoutes.customerId(ANSWERED, externalId);
        assertThat(one.readAll(TOPICS.commands())).noneMatch(record -> record.key().equals(customerId));
    }

    private static HttpResponse<String> register(final IngressOnKafka instance, final String apiKey, final String externalId,
                                                 final String prefer) {
        try {
            return instance.send(apiKey, "POST", "/v1/customers", "{\"externalId\":\"" + externalId + "\",\"profile\":{\"country\":\"FR\"}}",
                    "Prefer", prefer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
