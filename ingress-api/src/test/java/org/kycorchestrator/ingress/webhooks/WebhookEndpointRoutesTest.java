package org.kycorchestrator.ingress.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.http.Auth;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.http.ErrorHandling;
import org.kycorchestrator.ingress.openapi.ExchangeRecorder;
import org.kycorchestrator.ingress.openapi.OpenApiContract;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/**
 * The webhook endpoint routes over real HTTP, with Kafka replaced by a recorder of what would be
 * published (and acknowledged, unless the test makes Kafka fail).
 */
class WebhookEndpointRoutesTest {

    private static final String MY_KEY = "key-of-mine";
    private static final String OTHER_KEY = "key-of-other";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration OVERLAP = Duration.ofHours(24);

    private final List<Written> written = new CopyOnWriteArrayList<>();
    private final List<String> released = new CopyOnWriteArrayList<>();
    private final AtomicBoolean kafkaDown = new AtomicBoolean();
    private final AtomicBoolean releasesDown = new AtomicBoolean();
    private final HttpClient client = HttpClient.newHttpClient();
    private Javalin http;
    /** Every answer is checked against docs/openapi.yaml. */
    private final ExchangeRecorder exchanges = new ExchangeRecorder(OpenApiContract.fromClasspath(), "ingress-api");

    private record Written(String id, WebhookEndpoint endpoint) {
    }

    @BeforeEach
    void start() {
        final Tenants tenants = new Tenants(Map.of(Tenants.sha256(MY_KEY), new Tenant("mine"),
                Tenants.sha256(OTHER_KEY), new Tenant("other")));
        final EndpointWrites writes = (id, endpoint) -> {
            if (kafkaDown.get()) {
                return CompletableFuture.failedFuture(ApiError.serviceUnavailable("Kafka did not acknowledge"));
            }
            written.add(new Written(id, endpoint));
            return CompletableFuture.completedFuture(null);
        };
        final EndpointReleases releases = id -> {
            if (releasesDown.get()) {
                return CompletableFuture.failedFuture(ApiError.serviceUnavailable("Kafka did not acknowledge"));
            }
            released.add(id);
            return CompletableFuture.completedFuture(null);
        };
        final WebhookEndpointRoutes routes = new WebhookEndpointRoutes(new Auth(tenants), new WebhookEndpointTable(), writes,
                releases, Clock.fixed(NOW, ZoneOffset.UTC), OVERLAP, org.kycorchestrator.webhooks.AddressPolicy.of(true, false));
        http = Javalin.create(config -> {
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            ErrorHandling.register(config.routes);
            routes.register(config.routes);
            exchanges.install(config);
        }).start();
    }

    @AfterEach
    void stop() {
        http.stop();
        exchanges.requireEveryAnswerConforms();
    }

    @Test
    void aCreatedEndpointIsPublishedAndShowsItsSecretOnlyInTheCreationAnswer() throws Exception {
        // when
        final HttpResponse<String> created = send(MY_KEY, "POST", "/v1/webhook-endpoints",
                "{\"url\":\"https://merchant.example/hooks\",\"eventTypes\":[\"kyc.approved\"],\"description\":\"prod\"}");

        // then
        assertThat(created.statusCode()).isEqualTo(201);
        final JsonNode data = data(created);
        assertThat(data.path("secret").asText()).startsWith("whsec_");
        assertThat(written).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo(data.path("id").asText());
            assertThat(w.endpoint().getTenantId()).isEqualTo("mine");
            assertThat(w.endpoint().getSecret()).isEqualTo(data.path("secret").asText());
        });
        final JsonNode shown = data(send(MY_KEY, "GET", "/v1/webhook-endpoints/" + data.path("id").asText(), null));
        assertThat(shown.path("url").asText()).isEqualTo("https://merchant.example/hooks");
        assertThat(shown.path("eventTypes").get(0).asText()).isEqualTo("kyc.approved");
        assertThat(shown.path("description").asText()).isEqualTo("prod");
        assertThat(shown.path("enabled").asBoolean()).isTrue();
        assertThat(shown.has("secret")).isFalse();
    }

    @Test
    void theListHoldsOnlyTheTenantsOwnEndpointsWithoutSecrets() throws Exception {
        // given
        final String first = create(MY_KEY, "https://merchant.example/a");
        final String second = create(MY_KEY, "https://merchant.example/b");
        create(OTHER_KEY, "https://other.example/hooks");

        // when
        final HttpResponse<String> listed = send(MY_KEY, "GET", "/v1/webhook-endpoints", null);

        // then
        assertThat(listed.statusCode()).isEqualTo(200);
        final JsonNode data = data(listed);
        assertThat(data).extracting(e -> e.path("id").asText()).containsExactlyInAnyOrder(first, second);
        assertThat(listed.body()).doesNotContain("secret").doesNotContain("other.example");
    }

    @Test
    void anUpdateChangesOnlyTheGivenFieldsAndAnExplicitNullClearsTheDescription() throws Exception {
        // given
        final String id = create(MY_KEY, "https://merchant.example/a");
        final WebhookEndpoint before = lastWritten();

        // when
        final HttpResponse<String> updated = send(MY_KEY, "PATCH", "/v1/webhook-endpoints/" + id,
                "{\"url\":\"https://merchant.example/new\",\"eventTypes\":[\"kyc.rejected\",\"kyc.approved\"],\"description\":null}");

        // then
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.body()).doesNotContain("secret");
        final WebhookEndpoint after = lastWritten();
        assertThat(after.getUrl()).isEqualTo("https://merchant.example/new");
        assertThat(after.getEventTypes()).containsExactly("kyc.rejected", "kyc.approved");
        assertThat(after.getDescription()).isNull();
        assertThat(after.getSecret()).isEqualTo(before.getSecret());
        assertThat(after.getCreatedAt()).isEqualTo(before.getCreatedAt());
        assertThat(data(send(MY_KEY, "GET", "/v1/webhook-endpoints/" + id, null)).path("url").asText())
                .isEqualTo("https://merchant.example/new");
    }

    @Test
    void anEndpointsOwnLimitsAreSetOnCreationChangedByUpdateAndClearedByNull() throws Exception {
        // given an endpoint created with its own limits
        final HttpResponse<String> created = send(MY_KEY, "POST", "/v1/webhook-endpoints",
                "{\"url\":\"https://merchant.example/a\",\"maxInFlight\":2,\"ratePerSecond\":5}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(lastWritten().getMaxInFlight()).isEqualTo(2);
        assertThat(lastWritten().getRatePerSecond()).isEqualTo(5);
        assertThat(data(created).path("maxInFlight").asInt()).isEqualTo(2);
        final String id = data(created).path("id").asText();

        // when the rate is changed and the cap given back to the default
        final HttpResponse<String> updated = send(MY_KEY, "PATCH", "/v1/webhook-endpoints/" + id, "{\"ratePerSecond\":20,\"maxInFlight\":null}");

        // then
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(lastWritten().getRatePerSecond()).isEqualTo(20);
        assertThat(lastWritten().getMaxInFlight()).isNull();
        assertThat(data(updated).path("maxInFlight").isNull()).isTrue();
    }

    @Test
    void aNewEndpointCountsAsEnabledSinceItsCreation() throws Exception {
        // when
        final HttpResponse<String> created = send(MY_KEY, "POST", "/v1/webhook-endpoints", "{\"url\":\"https://merchant.example/a\"}");

        // then
        assertThat(lastWritten().getEnabledAt()).isEqualTo(NOW).isEqualTo(lastWritten().getCreatedAt());
        assertThat(lastWritten().getDisabledReason()).isNull();
        assertThat(data(created).has("disabledReason")).isTrue();
        assertThat(data(created).path("disabledReason").isNull()).isTrue();
        assertThat(data(created).path("disabledAt").isNull()).isTrue();
    }

    @Test
    void disablingRecordsThatTheMerchantDidItAndWhen() throws Exception {
        // given
        final String id = create(MY_KEY, "https://merchant.example/a");

        // when
        final HttpResponse<String> disabled = send(MY_KEY, "POST", "/v1/webhook-endpoints/" + id + "/disable", null);

        // then
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(data(disabled).path("enabled").asBoolean()).isFalse();
        assertThat(data(disabled).path("disabledReason").asText()).isEqualTo("merchant");
        assertThat(data(disabled).path("disabledAt").asText()).isEqualTo(NOW.toString());
        assertThat(lastWritten().getEnabled()).isFalse();
        assertThat(lastWritten().getDisabledReason()).isEqualTo("merchant");
        assertThat(lastWritten().getDisabledAt()).isEqualTo(NOW);
        assertThat(data(send(MY_KEY, "GET", "/v1/webhook-endpoints/" + id, null)).path("disabledReason").asText()).isEqualTo("merchant");
        assertThat(released).isEmpty();
    }

    @Test
    void enablingClearsTheReasonStartsANewPeriodAndReleasesWhatWasHeld() throws Exception {
        // given
        final String id = create(MY_KEY, "https://merchant.example/a");
        send(MY_KEY, "POST", "/v1/webhook-endpoints/" + id + "/disable", null);

        // when
        final HttpResponse<String> enabled = send(MY_KEY, "POST", "/v1/webhook-endpoints/" + id + "/enable", null);

        // then
        assertThat(enabled.statusCode()).isEqualTo(200);
        assertThat(data(enabled).path("enabled").asBoolean()).isTrue();
        assertThat(data(enabled).path("disabledReason").isNull()).isTrue();
        assertThat(data(enabled).path("disabledAt").isNull()).isTrue();
        assertThat(enabled.body()).doesNotContain("secret");
        final WebhookEndpoint published = lastWritten();
        assertThat(published.getEnabled()).isTrue();
        assertThat(published.getEnabledAt()).isEqualTo(NOW);
        assertThat(published.getDisabledReason()).isNull();
        assertThat(published.getDisabledAt()).isNull();
        assertThat(released).containsExactly(id);
    }

    @Test
    void whenTheReleaseIsNotAcknowledgedTheAnswerIs503ButTheEndpointIsEnabledAndEnablingAgainReleases() throws Exception {
        // given
        final String id = create(MY_KEY, "https://merchant.example/a");
        send(MY_KEY, "POST", "/v1/webhook-endpoints/" + id + "/disable", null);
        releasesDown.set(true);

        // when
        final HttpResponse<String> enabled = send(MY_KEY, "POST", "/v1/webhook-endpoints/" + id + "/enable", null);

        // then
        assertThat(enabled.statusCode()).isEqualTo(503);
        assertThat(enabled.body()).contains("enable it again");
        assertThat(data(send(MY_KEY, "GET", "/v1/webhook-endpoints/" + id, null)).path("enabled").asBoolean()).isTrue();

        // when
        releasesDown.set(false);
        final HttpResponse<String> again = send(MY_KEY, "POST", "/v1/webhook-endpoints/" + id + "/enable", null);

        // then
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(released).containsExactly(id);
    }

    @Test
    void aDeletedEndpointIsTombstonedAndThenUnknown() throws Exception {
        // given
        final String id = create(MY_KEY, "https://merchant.example/a");

        // when
        final HttpResponse<String> deleted = send(MY_KEY, "DELETE", "/v1/webhook-endpoints/" + id, null);

        // then
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(written.get(written.size() - 1)).isEqualTo(new Written(id, null));
        assertThat(send(MY_KEY, "GET", "/v1/webhook-endpoints/" + id, null).statusCode()).isEqualTo(404);
        assertThat(data(send(MY_KEY, "GET", "/v1/webhook-endpoints", null))).isEmpty();
    }

    @Test
    void aRotationAnswersTheNewSecretAndKeepsTheOldOneSigningForTheOverlap() throws Exception {
        // given
        final String id = create(MY_KEY, "https://merchant.example/a");
        final String oldSecret = lastWritten().getSecret();

        // when
        final HttpResponse<String> rotated = send(MY_KEY, "POST", "/v1/webhook-endpoints/" + id + "/rotate", null);

        // then
        assertThat(rotated.statusCode()).isEqualTo(200);
        final String newSecret = data(rotated).path("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(data(rotated).path("previousSecretExpiresAt").asText()).isEqualTo(NOW.plus(OVERLAP).toString());
        final WebhookEndpoint published = lastWritten();
        assertThat(published.getSecret()).isEqualTo(newSecret);
        assertThat(published.getPreviousSecret()).isEqualTo(oldSecret);
        assertThat(published.getPreviousSecretExpiresAt()).isEqualTo(NOW.plus(OVERLAP));
        assertThat(send(MY_KEY, "GET", "/v1/webhook-endpoints/" + id, null).body())
                .doesNotContain(newSecret).doesNotContain(oldSecret).doesNotContain("\"secret\"");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "GET    | ''",
            "PATCH  | ''",
            "DELETE | ''",
            "POST   | /disable",
            "POST   | /enable",
            "POST   | /rotate",
    })
    void anotherTenantsEndpointIsAnsweredExactlyLikeAnUnknownOneAndIsLeftAlone(final String method, final String suffix) throws Exception {
        // given
        final String othersId = create(OTHER_KEY, "https://other.example/hooks");
        final int writesBefore = written.size();
        final String body = "PATCH".equals(method) ? "{\"description\":\"mine now\"}" : null;

        // when
        final HttpResponse<String> foreign = send(MY_KEY, method, "/v1/webhook-endpoints/" + othersId + suffix, body);
        final HttpResponse<String> unknown = send(MY_KEY, method, "/v1/webhook-endpoints/ep_unknown" + suffix, body);

        // then
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body()).doesNotContain(othersId);
        assertThat(written).hasSize(writesBefore);
        assertThat(released).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}                                   | at least one of url, eventTypes, description, maxInFlight, ratePerSecond is required",
            "{\"secret\":\"whsec_x\"}             | secret is not a known field",
            "{\"url\":\"ftp://merchant.example\"} | url must be an absolute http or https URL",
            "{\"url\":\"/relative\"}              | url must be an absolute http or https URL",
            "{\"url\":null}                       | url is required",
            "{\"url\":42}                         | url must be a string",
            "{\"eventTypes\":[]}                  | eventTypes must be a non-empty array of strings",
            "{\"eventTypes\":null}                | eventTypes must be a non-empty array of strings",
            "{\"eventTypes\":\"kyc.approved\"}    | eventTypes must be a non-empty array of strings",
            "{\"eventTypes\":[\"\"]}              | eventTypes must hold only non-empty strings",
            "[1]                                  | the body must be a JSON object",
            "{\"maxInFlight\":0}                  | maxInFlight must be a whole number from 1 to 100",
            "{\"maxInFlight\":101}                | maxInFlight must be a whole number from 1 to 100",
            "{\"maxInFlight\":\"8\"}              | maxInFlight must be a whole number from 1 to 100",
            "{\"ratePerSecond\":1.5}              | ratePerSecond must be a whole number from 1 to 1000",
            "{\"ratePerSecond\":1001}             | ratePerSecond must be a whole number from 1 to 1000",
    })
    void anInvalidUpdateIsRefusedWith400AndNothingIsPublished(final String body, final String message) throws Exception {
        // given
        final String id = create(MY_KEY, "https://merchant.example/a");
        final int writesBefore = written.size();

        // when
        final HttpResponse<String> answer = send(MY_KEY, "PATCH", "/v1/webhook-endpoints/" + id, body);

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("bad_request").contains(message);
        assertThat(written).hasSize(writesBefore);
    }

    @Test
    void aTooLongDescriptionIsRefusedOnUpdateAndOnCreation() throws Exception {
        // given
        final String id = create(MY_KEY, "https://merchant.example/a");
        final String description = "{\"description\":\"" + "x".repeat(501) + "\"}";

        // when
        final HttpResponse<String> update = send(MY_KEY, "PATCH", "/v1/webhook-endpoints/" + id, description);
        final HttpResponse<String> creation = send(MY_KEY, "POST", "/v1/webhook-endpoints", description);

        // then
        assertThat(update.statusCode()).isEqualTo(400);
        assertThat(update.body()).contains("description must be at most 500 characters");
        assertThat(creation.statusCode()).isEqualTo(400);
        assertThat(creation.body()).contains("url is required").contains("description must be at most 500 characters");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "GET    | /v1/webhook-endpoints",
            "GET    | /v1/webhook-endpoints/ep_1",
            "PATCH  | /v1/webhook-endpoints/ep_1",
            "DELETE | /v1/webhook-endpoints/ep_1",
            "POST   | /v1/webhook-endpoints/ep_1/disable",
            "POST   | /v1/webhook-endpoints/ep_1/enable",
            "POST   | /v1/webhook-endpoints/ep_1/rotate",
    })
    void everyRouteNeedsAValidApiKey(final String method, final String path) throws Exception {
        assertThat(send("not-a-key", method, path, "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void whenKafkaDoesNotAcknowledgeTheChangeIsRefusedWith503AndNotShown() throws Exception {
        // given
        final String id = create(MY_KEY, "https://merchant.example/a");
        kafkaDown.set(true);

        // when
        final HttpResponse<String> disabled = send(MY_KEY, "POST", "/v1/webhook-endpoints/" + id + "/disable", null);

        // then
        assertThat(disabled.statusCode()).isEqualTo(503);
        assertThat(data(send(MY_KEY, "GET", "/v1/webhook-endpoints/" + id, null)).path("enabled").asBoolean()).isTrue();
    }

    private String create(final String apiKey, final String url) throws Exception {
        final HttpResponse<String> created = send(apiKey, "POST", "/v1/webhook-endpoints", "{\"url\":\"" + url + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return data(created).path("id").asText();
    }

    private WebhookEndpoint lastWritten() {
        return written.get(written.size() - 1).endpoint();
    }

    private HttpResponse<String> send(final String apiKey, final String method, final String path, final String body) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + path))
                .header("x-api-key", apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode data(final HttpResponse<String> response) throws Exception {
        return Envelope.JSON.readTree(response.body()).path("data");
    }
}
