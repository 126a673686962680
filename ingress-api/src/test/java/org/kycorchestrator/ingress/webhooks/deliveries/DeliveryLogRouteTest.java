package org.kycorchestrator.ingress.webhooks.deliveries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kycorchestrator.ingress.IngressOnKafka.MY_KEY;
import static org.kycorchestrator.ingress.IngressOnKafka.OTHER_KEY;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;
import static org.kycorchestrator.ingress.IngressOnKafka.data;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.webhooks.DeliveryOutcome;
import org.kycorchestrator.schemas.webhooks.WebhookDelivery;

/**
 * The delivery log route on the real broker: attempts are written to {@code kyc.webhooks.deliveries}
 * as the sender writes them, and read back over HTTP. Each test has endpoints of its own.
 */
@ExtendWith(SharedKafka.class)
class DeliveryLogRouteTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static IngressOnKafka ingress;

    @BeforeAll
    static void start(final EmbeddedKafkaBroker broker) {
        ingress = IngressOnKafka.start(broker, Map.of());
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @Test
    void attemptsAreListedNewestFirstWithWhatTheSenderRecorded() throws Exception {
        // given: attempts of two customers, so they sit on different partitions, written out of order
        final String endpoint = ingress.createEndpoint(MY_KEY);
        final WebhookDelivery first = delivery(endpoint, "a1", "cust-1", "kyc.created", 1, T0, DeliveryOutcome.FAILED);
        first.setStatusCode(500);
        first.setError("HTTP 500");
        first.setResponseBody("{\"oops\":true}");
        final WebhookDelivery second = delivery(endpoint, "a2", "cust-1", "kyc.created", 2, T0.plusSeconds(5), DeliveryOutcome.DELIVERED);
        final WebhookDelivery third = delivery(endpoint, "a3", "cust-2", "kyc.approved", 1, T0.plusSeconds(9), DeliveryOutcome.GONE);
        write(third, first, second);

        // when
        final JsonNode page = awaitAttempts(endpoint, "", 3);

        // then
        assertThat(attemptIds(page)).containsExactly("a3", "a2", "a1");
        assertThat(page.path("nextCursor").isNull()).isTrue();
        final JsonNode oldest = page.path("items").get(2);
        assertThat(oldest.path("attemptId").asText()).isEqualTo("a1");
        assertThat(oldest.path("webhookId").asText()).isEqualTo("msg-a1");
        assertThat(oldest.path("eventType").asText()).isEqualTo("kyc.created");
        assertThat(oldest.path("customerId").asText()).isEqualTo("cust-1");
        assertThat(oldest.path("attempt").asInt()).isEqualTo(1);
        assertThat(oldest.path("attemptedAt").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(oldest.path("outcome").asText()).isEqualTo("failed");
        assertThat(oldest.path("statusCode").asInt()).isEqualTo(500);
        assertThat(oldest.path("latencyMs").asLong()).isEqualTo(42);
        assertThat(oldest.path("error").asText()).isEqualTo("HTTP 500");
        assertThat(oldest.path("responseBody").asText()).isEqualTo("{\"oops\":true}");
        final JsonNode newest = page.path("items").get(0);
        assertThat(newest.path("outcome").asText()).isEqualTo("gone");
        assertThat(newest.path("statusCode").isNull()).isTrue();
        assertThat(newest.path("error").isNull()).isTrue();
    }

    @ParameterizedTest(name = "?{0}")
    @CsvSource(delimiter = '|', value = {
            "''                                            | a6 a5 a4 a3 a2 a1",
            "customerId=cust-1                             | a5 a3 a1",
            "customerId=cust-3                             | ''",
            "eventType=kyc.approved                        | a6 a4",
            "outcome=failed                                | a3 a2 a1",
            "outcome=endpoint_disabled                     | a5",
            "customerId=cust-2&outcome=delivered           | a6",
            "customerId=cust-1&eventType=kyc.created&outcome=failed | a3 a1",
    })
    void eachFilterKeepsOnlyTheMatchingAttemptsNewestFirst(final String filters, final String expected) throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);
        write(delivery(endpoint, "a1", "cust-1", "kyc.created", 1, T0, DeliveryOutcome.FAILED),
                delivery(endpoint, "a2", "cust-2", "kyc.created", 1, T0.plusSeconds(1), DeliveryOutcome.FAILED),
                delivery(endpoint, "a3", "cust-1", "kyc.created", 2, T0.plusSeconds(2), DeliveryOutcome.FAILED),
                delivery(endpoint, "a4", "cust-2", "kyc.approved", 1, T0.plusSeconds(3), DeliveryOutcome.ENDPOINT_DELETED),
                delivery(endpoint, "a5", "cust-1", "kyc.pending_kyc_data", 1, T0.plusSeconds(4), DeliveryOutcome.ENDPOINT_DISABLED),
                delivery(endpoint, "a6", "cust-2", "kyc.approved", 2, T0.plusSeconds(5), DeliveryOutcome.DELIVERED));
        awaitAttempts(endpoint, "", 6);

        // when
        final HttpResponse<String> answer = list(endpoint, filters);

        // then
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(attemptIds(data(answer))).containsExactlyElementsOf(expected.isBlank() ? List.of() : List.of(expected.split(" ")));
    }

    @Test
    void pagesFollowEachOtherThroughTheCursorUntilTheLastOneWhoseCursorIsNull() throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);
        final List<WebhookDelivery> attempts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            attempts.add(delivery(endpoint, "a" + i, "cust-" + i, "kyc.created", 1, T0.plusSeconds(i), DeliveryOutcome.DELIVERED));
        }
        write(attempts.toArray(WebhookDelivery[]::new));
        awaitAttempts(endpoint, "", 5);

        // when
        final JsonNode first = data(list(endpoint, "limit=2"));
        // an attempt logged while the merchant pages is newer, so it does not shift the pages
        write(delivery(endpoint, "a6", "cust-6", "kyc.created", 1, T0.plusSeconds(6), DeliveryOutcome.DELIVERED));
        awaitAttempts(endpoint, "", 6);
        final JsonNode second = data(list(endpoint, "limit=2&cursor=" + first.path("nextCursor").asText()));
        final JsonNode third = data(list(endpoint, "limit=2&cursor=" + second.path("nextCursor").asText()));

        // then
        assertThat(attemptIds(first)).containsExactly("a5", "a4");
        assertThat(attemptIds(second)).containsExactly("a3", "a2");
        assertThat(attemptIds(third)).containsExactly("a1");
        assertThat(third.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void pagingAppliesTheFiltersOnEveryPage() throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);
        write(delivery(endpoint, "a1", "cust-1", "kyc.created", 1, T0, DeliveryOutcome.FAILED),
                delivery(endpoint, "a2", "cust-1", "kyc.created", 2, T0.plusSeconds(1), DeliveryOutcome.DELIVERED),
                delivery(endpoint, "a3", "cust-2", "kyc.created", 1, T0.plusSeconds(2), DeliveryOutcome.FAILED),
                delivery(endpoint, "a4", "cust-2", "kyc.created", 2, T0.plusSeconds(3), DeliveryOutcome.FAILED));
        awaitAttempts(endpoint, "", 4);

        // when
        final List<String> seen = new ArrayList<>();
        String query = "outcome=failed&limit=1";
        int pages = 0;
        while (query != null) {
            final JsonNode page = data(list(endpoint, query));
            seen.addAll(attemptIds(page));
            pages++;
            query = page.path("nextCursor").isNull() ? null : "outcome=failed&limit=1&cursor=" + page.path("nextCursor").asText();
        }

        // then
        assertThat(seen).containsExactly("a4", "a3", "a1");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void theDefaultPageHoldsFiftyAttempts() throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);
        final List<WebhookDelivery> attempts = new ArrayList<>();
        for (int i = 1; i <= 51; i++) {
            attempts.add(delivery(endpoint, String.format("a%02d", i), "cust-1", "kyc.created", i, T0.plusSeconds(i), DeliveryOutcome.FAILED));
        }
        write(attempts.toArray(WebhookDelivery[]::new));
        awaitAttempts(endpoint, "limit=200", 51);

        // when
        final JsonNode page = data(list(endpoint, ""));

        // then
        assertThat(page.path("items")).hasSize(50);
        assertThat(page.path("items").get(0).path("attemptId").asText()).isEqualTo("a51");
        assertThat(page.path("nextCursor").isTextual()).isTrue();
    }

    @Test
    void anotherTenantsEndpointIsAnsweredExactlyLikeAnUnknownOne() throws Exception {
        // given
        final String othersEndpoint = ingress.createEndpoint(OTHER_KEY);
        write(delivery(othersEndpoint, "a1", "cust-1", "kyc.created", 1, T0, DeliveryOutcome.DELIVERED));
        await().atMost(TIMEOUT).until(() -> data(ingress.send(OTHER_KEY, "GET",
                "/v1/webhook-endpoints/" + othersEndpoint + "/deliveries", null)).path("items").size() == 1);

        // when
        final HttpResponse<String> foreign = ingress.send(MY_KEY, "GET", "/v1/webhook-endpoints/" + othersEndpoint + "/deliveries", null);
        final HttpResponse<String> unknown = ingress.send(MY_KEY, "GET", "/v1/webhook-endpoints/ep_unknown/deliveries", null);

        // then
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body()).contains("not_found").doesNotContain(othersEndpoint).doesNotContain("a1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "limit=0                   | limit must be a whole number from 1 to 200",
            "limit=201                 | limit must be a whole number from 1 to 200",
            "limit=ten                 | limit must be a whole number from 1 to 200",
            "outcome=lost              | outcome must be one of delivered, failed, gone, endpoint_disabled, endpoint_deleted",
            "outcome=DELIVERED         | outcome must be one of delivered",
            "eventType=kyc.nonsense    | eventType must be one of kyc.created",
            "customerId=               | customerId must not be empty",
            "cursor=not-a-cursor       | cursor must be a nextCursor this API answered",
            "status=failed             | status is not a known query parameter",
            "limit=1&limit=2           | limit may be given only once",
    })
    void aFilterItCannotUseIsRefusedWith400NamingIt(final String query, final String message) throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);

        // when
        final HttpResponse<String> answer = list(endpoint, query);

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"success\":false").contains("\"code\":\"bad_request\"").contains(message);
    }

    @Test
    void everyProblemOfTheQueryIsListedAtOnce() throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);

        // when
        final HttpResponse<String> answer = list(endpoint, "limit=0&outcome=lost");

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("limit must be").contains("outcome must be");
    }

    @Test
    void theLogNeedsAValidApiKey() throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);

        // when
        final HttpResponse<String> answer = ingress.send("not-a-key", "GET", "/v1/webhook-endpoints/" + endpoint + "/deliveries", null);

        // then
        assertThat(answer.statusCode()).isEqualTo(401);
    }

    private static WebhookDelivery delivery(final String endpoint, final String attemptId, final String customer, final String type,
                                            final int attempt, final Instant at, final DeliveryOutcome outcome) {
        return WebhookDelivery.newBuilder()
                .setAttemptId(attemptId)
                .setEndpointId(endpoint)
                .setTenantId("tenant-of-" + endpoint)
                .setSubject(customer)
                .setMessageId("msg-" + attemptId)
                .setEventType(type)
                .setAttempt(attempt)
                .setAttemptedAt(at)
                .setOutcome(outcome)
                .setStatusCode(outcome == DeliveryOutcome.DELIVERED ? Integer.valueOf(200) : null)
                .setLatencyMillis(42)
                .build();
    }

    private static void write(final WebhookDelivery... deliveries) throws Exception {
        for (WebhookDelivery delivery : deliveries) {
            ingress.write(TOPICS.webhookDeliveries(), delivery.getSubject(), delivery);
        }
    }

    /** Waits until the API has read the endpoint's attempts, and answers their page. */
    private static JsonNode awaitAttempts(final String endpoint, final String query, final int count) {
        return await().atMost(TIMEOUT).until(() -> data(list(endpoint, query)), page -> page.path("items").size() == count);
    }

    private static HttpResponse<String> list(final String endpoint, final String query) throws Exception {
        return ingress.send(MY_KEY, "GET", "/v1/webhook-endpoints/" + endpoint + "/deliveries" + (query.isEmpty() ? "" : "?" + query), null);
    }

    private static List<String> attemptIds(final JsonNode page) {
        final List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("attemptId").asText()));
        return ids;
    }
}
