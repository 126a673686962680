package org.kycorchestrator.ingress.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * The operations plumbing on a real Javalin server of its own, with a few stand-in routes: health,
 * metrics, request ids and the graceful stop, as an operator and a caller see them over HTTP.
 */
class OperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger ROUTE_LOG = LoggerFactory.getLogger("operations-test-route");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final AtomicBoolean kafkaUp = new AtomicBoolean(true);
    /** What the slow route answers once the test completes it; a test that never does leaves it hanging. */
    private final CompletableFuture<String> slowAnswer = new CompletableFuture<>();
    private final AtomicInteger slowStarted = new AtomicInteger();
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final List<String> capturedLoggers = new java.util.ArrayList<>();
    private Javalin http;
    private Operations operations;

    @AfterEach
    void stop() {
        capturedLoggers.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).detachAppender(lines));
        if (http != null) {
            operations.stop(http, () -> { });
        }
        metrics.close();
    }

    private String start(final Duration grace) {
        final Readiness readiness = Readiness.of("kafka", Readiness.Check.when(kafkaUp::get, "Kafka did not answer"))
                .and("orchestrator", () -> kafkaUp.get() ? List.of() : List.of("streams are REBALANCING", "a thread died"));
        operations = new Operations(metrics, readiness, grace);
        http = Javalin.create(javalin -> {
            javalin.jetty.port = 0;
            javalin.startup.showJavalinBanner = false;
            operations.configure(javalin);
            javalin.routes.get("/v1/things/{id}", ctx -> {
                ROUTE_LOG.info("reading a thing");
                ctx.result("thing");
            });
            javalin.routes.get("/slow", ctx -> {
                slowStarted.incrementAndGet();
                ctx.future(() -> slowAnswer.thenAccept(ctx::result));
            });
        }).start();
        return "http://localhost:" + http.port();
    }

    @Test
    void liveAnswersWhileTheProcessRunsAndReadyListsEveryCheck() throws Exception {
        final String base = start(Duration.ofSeconds(5));

        final HttpResponse<String> live = get(base + "/health/live");
        final HttpResponse<String> ready = get(base + "/health/ready");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).path("data").path("status").asText()).isEqualTo("UP");
        assertThat(ready.statusCode()).isEqualTo(200);
        final JsonNode data = JSON.readTree(ready.body()).path("data");
        assertThat(data.path("status").asText()).isEqualTo("READY");
        assertThat(data.path("checks").toString()).isEqualTo("{\"kafka\":\"UP\",\"orchestrator\":\"UP\"}");
    }

    @Test
    void notReadyIs503WithEveryReasonNamedByItsCheck() throws Exception {
        final String base = start(Duration.ofSeconds(5));
        // given Kafka and the streams are down
        kafkaUp.set(false);

        // when the probe asks
        final HttpResponse<String> ready = get(base + "/health/ready");

        // then it hears 503 and why, in the error envelope
        assertThat(ready.statusCode()).isEqualTo(503);
        final JsonNode body = JSON.readTree(ready.body());
        assertThat(body.path("success").asBoolean()).isFalse();
        assertThat(body.path("errors").findValuesAsText("code")).containsOnly("service_unavailable");
        assertThat(body.path("errors").findValuesAsText("message")).containsExactly(
                "kafka: Kafka did not answer", "orchestrator: streams are REBALANCING", "orchestrator: a thread died");
        // and liveness is not affected
        assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void aCheckThatBreaksMakesTheProcessNotReadyInsteadOfFailingTheProbe() throws Exception {
        final Readiness readiness = Readiness.of("broken", () -> {
            throw new IllegalStateException("boom");
        });

        assertThat(readiness.problems()).containsExactly(Map.entry("broken", List.of("its check failed: IllegalStateException")));
    }

    @Test
    void metricsCountRequestsByRoutePatternAndStatusNeverByTheIdInThePath() throws Exception {
        final String base = start(Duration.ofSeconds(5));
        // given requests for two customers' things and one for a route that does not exist
        get(base + "/v1/things/cust-4711");
        get(base + "/v1/things/cust-4712");
        get(base + "/v1/nothing/cust-4713");

        // when Prometheus scrapes
        final HttpResponse<String> scraped = get(base + "/metrics");

        // then it reads Prometheus' text format with the requests by route pattern and status
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(scraped.body())
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",route=\"/v1/things/{id}\",status=\"200\"} 2")
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",route=\"unmatched\",status=\"404\"} 1")
                .contains("jvm_memory_used_bytes")
                .doesNotContain("cust-4711", "cust-4712", "cust-4713");
    }

    @ParameterizedTest(name = "a method like {0} is counted as {1}")
    @CsvSource({"GET, GET", "DELETE, DELETE", "BREW, OTHER", "X-ANYTHING, OTHER"})
    void unusualMethodsShareOneSeries(final String method, final String counted) throws Exception {
        final String base = start(Duration.ofSeconds(5));

        client.send(HttpRequest.newBuilder(URI.create(base + "/v1/things/a")).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        final String scraped = get(base + "/metrics").body();
        assertThat(scraped).contains("method=\"" + counted + "\"");
        if (!counted.equals(method)) {
            assertThat(scraped).doesNotContain(method);
        }
    }

    @ParameterizedTest(name = "x-request-id {0} is {1}")
    @CsvSource({
            "abc-123_DEF.4:5,                  echoed",
            "'with space',                     replaced",
            "'{\"json\":1}',                   replaced",
            "'line\\nbreak',                   replaced"})
    void aWellFormedRequestIdIsEchoedAndAnyOtherIsReplaced(final String given, final String fate) throws Exception {
        final String base = start(Duration.ofSeconds(5));

        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/things/a"))
                .header("x-request-id", given).build(), HttpResponse.BodyHandlers.ofString());

        final String echoed = answer.headers().firstValue("x-request-id").orElseThrow();
        if ("echoed".equals(fate)) {
            assertThat(echoed).isEqualTo(given);
        } else {
            assertThat(echoed).isNotEqualTo(given).matches("[0-9a-f-]{36}");
        }
    }

    @Test
    void aRequestIdTooLongIsReplacedAndEveryAnswerHasOne() throws Exception {
        final String base = start(Duration.ofSeconds(5));

        final String tooLong = "a".repeat(129);
        final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/things/a"))
                .header("x-request-id", tooLong).build(), HttpResponse.BodyHandlers.ofString());
        final HttpResponse<String> unknownRoute = get(base + "/nowhere");

        assertThat(answer.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).isNotEqualTo(tooLong));
        assertThat(unknownRoute.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void theRequestsLogLinesCarryItsIdAndTheAccessLogNamesTheRouteNotThePath() throws Exception {
        final String base = start(Duration.ofSeconds(5));
        capture("operations-test-route", "org.kycorchestrator.http.access");

        client.send(HttpRequest.newBuilder(URI.create(base + "/v1/things/cust-4711")).header("x-request-id", "req-42").build(),
                HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.size() >= 2);
        assertThat(lines.list).allSatisfy(line -> assertThat(line.getMDCPropertyMap()).containsEntry("requestId", "req-42"));
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("reading a thing", "GET /v1/things/{id} answered 200 in " + accessMillis(lines) + " ms")
                .noneMatch(line -> line.contains("cust-4711"));
    }

    @Test
    void stoppingLetsTheRequestInFlightFinishWhileRefusingNewOnes() throws Exception {
        final String base = start(Duration.ofSeconds(10));
        // given a request in flight
        final CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> slowStarted.get() == 1);

        // when the server is asked to stop
        final CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> operations.stop(http, () -> { }));

        // then it takes no new request while it waits for the one in flight
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class));
        // and still waits, well past the moment idle connections are closed
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> !stopping.isDone());
        // and once that request is answered, its caller has the whole answer and the server is stopped
        slowAnswer.complete("finally");
        final HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("finally");
        stopping.get(10, TimeUnit.SECONDS);
        http = null;
    }

    @Test
    void shortlyBeforeTheGraceEndsWaitingRequestsAreAskedToAnswerWithWhatTheyHave() throws Exception {
        final String base = start(Duration.ofSeconds(5));
        // given a request that waits for something that will not come in time
        final CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> slowStarted.get() == 1);

        // when the server stops, hurrying such requests along
        final long begin = System.nanoTime();
        operations.stop(http, () -> slowAnswer.complete("as far as we know"));
        http = null;

        // then the request is answered with what it had, and the stop took no longer than the grace
        assertThat(inFlight.get(1, TimeUnit.SECONDS).body()).isEqualTo("as far as we know");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void aRequestStillInFlightWhenTheGraceEndsIsCutOffAndDoesNotHoldTheStop() throws Exception {
        final String base = start(Duration.ofSeconds(1));
        final CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> slowStarted.get() == 1);

        final long begin = System.nanoTime();
        operations.stop(http, () -> { });
        http = null;

        // then the stop took the grace and no more, and the caller is not left hanging: Jetty answers 500
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(3));
        assertThat(inFlight.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
    }

    @Test
    void aNegativeGraceIsRefused() {
        assertThatThrownBy(() -> Operations.grace(org.kycorchestrator.config.Config.of(Map.of(Operations.GRACE_CONFIG, "-1s"))))
                .hasMessageContaining(Operations.GRACE_CONFIG);
    }

    private static long accessMillis(final ListAppender<ILoggingEvent> lines) {
        return lines.list.stream().filter(line -> line.getLoggerName().equals("org.kycorchestrator.http.access"))
                .map(line -> (Long) line.getArgumentArray()[3]).findFirst().orElseThrow();
    }

    private void capture(final String... loggers) {
        lines.start();
        for (String name : loggers) {
            ((Logger) LoggerFactory.getLogger(name)).addAppender(lines);
            capturedLoggers.add(name);
        }
    }

    private HttpResponse<String> get(final String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
