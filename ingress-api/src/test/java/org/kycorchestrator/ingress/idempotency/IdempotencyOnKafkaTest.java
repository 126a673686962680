package org.kycorchestrator.ingress.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;
import static org.kycorchestrator.ingress.IngressOnKafka.data;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
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
import org.kycorchestrator.ingress.customers.CustomerRoutes;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.KycCaseView;
import org.kycorchestrator.schemas.commands.KycCommand;

/**
 * Idempotency-Key on the real broker, with two API instances sharing it: a retry gets the first
 * answer from either instance and after a restart, without a second command; another request
 * with the key is a 409, even when two instances race.
 */
@ExtendWith(SharedKafka.class)
class IdempotencyOnKafkaTest {

    private static final String KEY_A = "idempotency-key-of-a";
    private static final String KEY_B = "idempotency-key-of-b";
    private static final String HEADER = "Idempotency-Key";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final Tenant TENANT_A = new Tenant("idem-a-" + SUFFIX);
    private static final Tenant TENANT_B = new Tenant("idem-b-" + SUFFIX);
    private static final Tenants TENANTS = new Tenants(Map.of(Tenants.sha256(KEY_A), TENANT_A, Tenants.sha256(KEY_B), TENANT_B));
    /** Tenant A has every customer whose id starts with "known-". */
    private static final CaseReader CASES = customerId -> customerId.startsWith("known-")
            ? new CaseReader.Found(KycCaseView.newBuilder().setCustomerId(customerId).setTenantId(TENANT_A.id()).setExternalId("e")
                    .setState(KycState.CREATED).setVendor(Vendor.XGATEWAY).setSequence(1)
                    .setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build())
            : new CaseReader.NotFound();

    private static EmbeddedKafkaBroker broker;
    private static IngressOnKafka one;
    private static IngressOnKafka two;
    private static CommandAnswerer orchestrator;

    @BeforeAll
    static void start(final EmbeddedKafkaBroker shared) {
        broker = shared;
        one = IngressOnKafka.start(broker, Map.of(), TENANTS, CASES);
        two = IngressOnKafka.start(broker, Map.of(), TENANTS, CASES);
        orchestrator = new CommandAnswerer(broker.bootstrapServers(), TOPICS, TENANT_A.id());
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
        one.close();
        two.close();
    }

    @Test
    void aRetryGetsTheFirstAnswerAgainWithoutPublishingAgain() throws Exception {
        // given a registration sent with a key
        final String key = newKey();
        final String externalId = "user-" + UUID.randomUUID();
        final HttpResponse<String> first = one.send(KEY_A, "POST", "/v1/customers", registration(externalId), HEADER, key);

        // when it is sent again with the same key, the same fields in another order and spacing
        final HttpResponse<String> retry = one.send(KEY_A, "POST", "/v1/customers",
                "{ \"profile\": {\"country\": \"GB\"},  \"externalId\": \"" + externalId + "\" }", HEADER, key);

        // then the retry gets the first answer, marked as given again
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        // and one command was published, under the command id of the answer
        final String customerId = data(first).path("customerId").asText();
        assertThat(commandsOf(customerId)).extracting(KycCommand::getCommandId).containsExactly(data(first).path("commandId").asText());
    }

    @Test
    void theSameKeyForAnotherRequestIsAConflictThatPublishesNothing() throws Exception {
        // given a key used for one registration
        final String key = newKey();
        assertThat(one.send(KEY_A, "POST", "/v1/customers", registration("user-" + UUID.randomUUID()), HEADER, key).statusCode()).isEqualTo(202);

        // when it comes with another body, and with the same body on another route
        final String otherExternalId = "user-" + UUID.randomUUID();
        final HttpResponse<String> otherBody = one.send(KEY_A, "POST", "/v1/customers", registration(otherExternalId), HEADER, key);
        final String known = "known-" + UUID.randomUUID();
        final HttpResponse<String> otherRoute = two.send(KEY_A, "POST", "/v1/customers/" + known + "/kyc/verification", null, HEADER, key);

        // then both are a 409 naming the header, and neither published anything
        for (HttpResponse<String> answer : List.of(otherBody, otherRoute)) {
            assertThat(answer.statusCode()).isEqualTo(409);
            assertThat(answer.body()).contains("\"code\":\"conflict\"").contains("Idempotency-Key " + key);
        }
        assertThat(commandsOf(CustomerRoutes.customerId(TENANT_A, otherExternalId))).isEmpty();
        assertThat(commandsOf(known)).isEmpty();
    }

    @Test
    void aRetryThroughAnotherInstanceGetsTheFirstAnswer() throws Exception {
        // given a link asked for through one instance
        final String key = newKey();
        final String known = "known-" + UUID.randomUUID();
        final HttpResponse<String> first = one.send(KEY_A, "POST", "/v1/customers/" + known + "/kyc/link", "{\"locale\":\"en\"}", HEADER, key);

        // when the merchant's retry reaches the other instance
        final HttpResponse<String> retry = two.send(KEY_A, "POST", "/v1/customers/" + known + "/kyc/link", "{\"locale\":\"en\"}", HEADER, key);

        // then it gets the first answer, and the link was asked for once
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(commandsOf(known)).hasSize(1);
    }

    @Test
    void keysSurviveARestart() throws Exception {
        // given a profile update answered before this instance started
        final String key = newKey();
        final String known = "known-" + UUID.randomUUID();
        final HttpResponse<String> first = one.send(KEY_A, "PATCH", "/v1/customers/" + known + "/profile", "{\"firstName\":\"Ada\"}", HEADER, key);

        // when the retry reaches an instance started afterwards
        try (IngressOnKafka restarted = IngressOnKafka.start(broker, Map.of(), TENANTS, CASES)) {
            final HttpResponse<String> retry = restarted.send(KEY_A, "PATCH", "/v1/customers/" + known + "/profile", "{\"firstName\":\"Ada\"}", HEADER, key);

            // then it knows the key and its first answer
            assertThat(retry.statusCode()).isEqualTo(first.statusCode()).isEqualTo(202);
            assertThat(retry.body()).isEqualTo(first.body());
        }
        assertThat(commandsOf(known)).hasSize(1);
    }

    @Test
    void aFirstAnswerThatWaitedForTheOutcomeIsGivenAgainWithTheCase() throws Exception {
        // given a registration that waited for the orchestrator's outcome
        final String key = newKey();
        final String body = registration("user-" + UUID.randomUUID());
        final HttpResponse<String> first = one.send(KEY_A, "POST", "/v1/customers", body, HEADER, key, "Prefer", "wait=10");
        assertThat(first.statusCode()).isEqualTo(201);

        // when it is retried without waiting, through the other instance
        final HttpResponse<String> retry = two.send(KEY_A, "POST", "/v1/customers", body, HEADER, key);

        // then the answer is the first one: 201 with the case
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body()).contains("\"state\":\"CREATED\"");
    }

    @Test
    void ofTwoInstancesRacingWithOneKeyForTwoRequestsExactlyOneGoesOn() throws Exception {
        for (int round = 0; round < 5; round++) {
            // given one key sent at the same moment with two registrations, one through each instance
            final String key = newKey();
            final String[] externalIds = {"user-" + UUID.randomUUID(), "user-" + UUID.randomUUID()};
            final CyclicBarrier together = new CyclicBarrier(2);
            final CompletableFuture<HttpResponse<String>> viaOne = CompletableFuture.supplyAsync(() -> race(one, together, externalIds[0], key));
            final CompletableFuture<HttpResponse<String>> viaTwo = CompletableFuture.supplyAsync(() -> race(two, together, externalIds[1], key));
            final List<HttpResponse<String>> answers = List.of(viaOne.get(30, TimeUnit.SECONDS), viaTwo.get(30, TimeUnit.SECONDS));

            // then one is accepted and the other is a 409
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(202, 409);
            final int winner = answers.get(0).statusCode() == 202 ? 0 : 1;
            // and only the winner's command was published
            assertThat(commandsOf(CustomerRoutes.customerId(TENANT_A, externalIds[winner]))).hasSize(1);
            assertThat(commandsOf(CustomerRoutes.customerId(TENANT_A, externalIds[1 - winner]))).isEmpty();
            // and afterwards, on either instance, the key stays the winner's
            for (IngressOnKafka instance : List.of(one, two)) {
                assertThat(instance.send(KEY_A, "POST", "/v1/customers", registration(externalIds[winner]), HEADER, key).body())
                        .isEqualTo(answers.get(winner).body());
                assertThat(instance.send(KEY_A, "POST", "/v1/customers", registration(externalIds[1 - winner]), HEADER, key).statusCode())
                        .isEqualTo(409);
            }
        }
    }

    @Test
    void twoInstancesRacingWithTheSameRequestPublishTheSameCommandId() throws Exception {
        // given one request sent twice at the same moment, through each instance
        final String key = newKey();
        final String externalId = "user-" + UUID.randomUUID();
        final CyclicBarrier together = new CyclicBarrier(2);
        final CompletableFuture<HttpResponse<String>> viaOne = CompletableFuture.supplyAsync(() -> race(one, together, externalId, key));
        final CompletableFuture<HttpResponse<String>> viaTwo = CompletableFuture.supplyAsync(() -> race(two, together, externalId, key));

        // then both are accepted with one command id, which is the only one published (the orchestrator drops repeats)
        final String commandId = data(viaOne.get(30, TimeUnit.SECONDS)).path("commandId").asText();
        assertThat(data(viaTwo.get(30, TimeUnit.SECONDS)).path("commandId").asText()).isEqualTo(commandId);
        assertThat(commandsOf(CustomerRoutes.customerId(TENANT_A, externalId))).isNotEmpty()
                .allSatisfy(command -> assertThat(command.getCommandId()).isEqualTo(commandId));
    }

    @Test
    void tenantsDoNotShareKeys() throws Exception {
        // given tenant A used a key
        final String key = newKey();
        final String body = registration("user-" + UUID.randomUUID());
        final HttpResponse<String> ofA = one.send(KEY_A, "POST", "/v1/customers", body, HEADER, key);

        // when tenant B sends the same key and body
        final HttpResponse<String> ofB = one.send(KEY_B, "POST", "/v1/customers", body, HEADER, key);

        // then B's request is its own: a new customer and command of B's
        assertThat(ofA.statusCode()).isEqualTo(202);
        assertThat(ofB.statusCode()).isEqualTo(202);
        assertThat(ofB.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(data(ofB).path("customerId").asText()).isNotEqualTo(data(ofA).path("customerId").asText());
        assertThat(data(ofB).path("commandId").asText()).isNotEqualTo(data(ofA).path("commandId").asText());
    }

    @ParameterizedTest(name = "Idempotency-Key \"{0}\" is a 400")
    @ValueSource(strings = {"", "has space", "tab\there", "LONG"})
    void aKeyThatIsNotOneTo255VisibleAsciiCharactersIsRefusedAndPublishesNothing(final String key) throws Exception {
        final String externalId = "user-" + UUID.randomUUID();

        final HttpResponse<String> answer = one.send(KEY_A, "POST", "/v1/customers", registration(externalId),
                HEADER, "LONG".equals(key) ? "k".repeat(256) : key);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"code\":\"bad_request\"").contains("Idempotency-Key must be 1 to 255 visible ASCII characters");
        assertThat(commandsOf(CustomerRoutes.customerId(TENANT_A, externalId))).isEmpty();
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws Exception {
        final HttpResponse<String> answer = one.send(KEY_A, "POST", "/v1/customers", registration("user-" + UUID.randomUUID()),
                HEADER, newKey(), HEADER, newKey());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Idempotency-Key must be given once");
    }

    private static HttpResponse<String> race(final IngressOnKafka instance, final CyclicBarrier together, final String externalId,
                                             final String key) {
        try {
            together.await(10, TimeUnit.SECONDS);
            return instance.send(KEY_A, "POST", "/v1/customers", registration(externalId), HEADER, key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String registration(final String externalId) {
        return "{\"externalId\":\"" + externalId + "\",\"profile\":{\"country\":\"GB\"}}";
    }

    private static String newKey() {
        return "order-" + UUID.randomUUID();
    }

    private static List<KycCommand> commandsOf(final String customerId) {
        return one.readAll(TOPICS.commands()).stream().filter(record -> record.key().equals(customerId)).map(r -> r.value()).toList();
    }
}
