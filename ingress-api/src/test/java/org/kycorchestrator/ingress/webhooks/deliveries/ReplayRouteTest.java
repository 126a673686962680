package org.kycorchestrator.ingress.webhooks.deliveries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.ingress.IngressOnKafka.MY_KEY;
import static org.kycorchestrator.ingress.IngressOnKafka.OTHER_KEY;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;
import static org.kycorchestrator.ingress.IngressOnKafka.data;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.webhooks.ReplayRequest;

/**
 * The replay route on the real broker: an accepted ask is on {@code kyc.webhooks.replays}, keyed by
 * its endpoint, by the time the merchant gets the 202; a refused one is not there at all.
 */
@ExtendWith(SharedKafka.class)
class ReplayRouteTest {

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
    void askingForTheDeadLettersWritesAReplayRequestAndAnswers202() throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);
        final Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // when
        final HttpResponse<String> answer = replay(MY_KEY, endpoint, "{\"deadLetters\":true}");

        // then
        assertThat(answer.statusCode()).isEqualTo(202);
        final JsonNode data = data(answer);
        assertThat(data.path("endpointId").asText()).isEqualTo(endpoint);
        assertThat(data.path("deadLetters").asBoolean()).isTrue();
        assertThat(data.path("since").isNull()).isTrue();
        final ConsumerRecord<String, ReplayRequest> written = single(replaysOf(endpoint));
        assertThat(written.key()).isEqualTo(endpoint);
        final ReplayRequest request = written.value();
        assertThat(request.getReplayId()).isEqualTo(data.path("replayId").asText()).isNotBlank();
        assertThat(request.getTenantId()).startsWith("mine-");
        assertThat(request.getDeadLetters()).isTrue();
        assertThat(request.getSince()).isNull();
        assertThat(request.getRequestedAt()).isBetween(before, Instant.now());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"since\":\"2026-01-20T00:00:00Z\"}                        | false | 2026-01-20T00:00:00Z",
            "{\"deadLetters\":false,\"since\":\"2026-01-20T01:00:00+01:00\"} | false | 2026-01-20T00:00:00Z",
            "{\"deadLetters\":true,\"since\":\"2026-01-20T00:00:00.123456Z\"} | true  | 2026-01-20T00:00:00.123Z",
    })
    void askingForEverythingOrTheDeadLettersSinceATimeWritesThatTime(final String body, final boolean deadLetters,
                                                                     final String since) throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);

        // when
        final HttpResponse<String> answer = replay(MY_KEY, endpoint, body);

        // then
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(data(answer).path("since").asText()).isEqualTo(since);
        assertThat(data(answer).path("deadLetters").asBoolean()).isEqualTo(deadLetters);
        final ReplayRequest request = single(replaysOf(endpoint)).value();
        assertThat(request.getSince()).isEqualTo(Instant.parse(since));
        assertThat(request.getDeadLetters()).isEqualTo(deadLetters);
    }

    @Test
    void aDisabledEndpointCanBeReplayed() throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);
        assertThat(ingress.send(MY_KEY, "POST", "/v1/webhook-endpoints/" + endpoint + "/disable", null).statusCode()).isEqualTo(200);

        // when
        final HttpResponse<String> answer = replay(MY_KEY, endpoint, "{\"deadLetters\":true}");

        // then
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(replaysOf(endpoint)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}                                         | either deadLetters: true or since is required",
            "{\"deadLetters\":false}                    | either deadLetters: true or since is required",
            "{\"deadLetters\":\"yes\"}                  | deadLetters must be true or false",
            "{\"deadLetters\":1}                        | deadLetters must be true or false",
            "{\"since\":20260120}                       | since must be a string",
            "{\"since\":\"yesterday\"}                  | since must be an ISO-8601 time with a zone",
            "{\"since\":\"2026-01-20\"}                 | since must be an ISO-8601 time with a zone",
            "{\"since\":\"2999-01-01T00:00:00Z\"}       | since must not be in the future",
            "{\"deadLetters\":true,\"until\":\"x\"}     | until is not a known field",
            "[true]                                     | the body must be a JSON object",
    })
    void anAskItCannotUseIsRefusedWith400AndNothingIsWritten(final String body, final String message) throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);

        // when
        final HttpResponse<String> answer = replay(MY_KEY, endpoint, body);

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"code\":\"bad_request\"").contains(message);
        assertThat(replaysOf(endpoint)).isEmpty();
    }

    @Test
    void anotherTenantsEndpointIsAnsweredExactlyLikeAnUnknownOneAndNothingIsWritten() throws Exception {
        // given
        final String othersEndpoint = ingress.createEndpoint(OTHER_KEY);

        // when
        final HttpResponse<String> foreign = replay(MY_KEY, othersEndpoint, "{\"deadLetters\":true}");
        final HttpResponse<String> unknown = replay(MY_KEY, "ep_unknown", "{\"deadLetters\":true}");

        // then
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body()).doesNotContain(othersEndpoint);
        assertThat(replaysOf(othersEndpoint)).isEmpty();
    }

    @Test
    void aReplayNeedsAValidApiKey() throws Exception {
        // given
        final String endpoint = ingress.createEndpoint(MY_KEY);

        // when
        final HttpResponse<String> answer = replay("not-a-key", endpoint, "{\"deadLetters\":true}");

        // then
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(replaysOf(endpoint)).isEmpty();
    }

    private static HttpResponse<String> replay(final String apiKey, final String endpoint, final String body) throws Exception {
        return ingress.send(apiKey, "POST", "/v1/webhook-endpoints/" + endpoint + "/replay", body);
    }

    private static List<ConsumerRecord<String, ReplayRequest>> replaysOf(final String endpoint) {
        return ingress.readAll(TOPICS.webhookReplays()).stream().filter(r -> endpoint.equals(r.value().getEndpointId())).toList();
    }

    private static <T> T single(final List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
