package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.config.Config;
import org.slf4j.LoggerFactory;

/**
 * What an operator sees of the all-in-one app after real customers went through it: not one log
 * line with a customer's personal data, metrics of every component on {@code /metrics}, readiness
 * that names its checks, and request ids.
 *
 * <p>Before the app starts, every log event of the JVM (at debug level, stricter than production)
 * and everything written to standard output and error is captured. Then three customers go through
 * their vendor's whole flow (xGateway, Paycc and Capa, so that an e-mail, a phone, a PAN and a tax id
 * all travel), with a webhook endpoint receiving their changes and a refused request that names a
 * field's value. Each test then looks at one thing.
 */
class OperabilityEndToEndTest {

    private static final String API_KEY = "operability-key";
    /** A token in every e-mail, so that any of them, whatever its case, is found. */
    private static final String TOKEN = "zq7pii";

    /** The customers: each one's personal data, its vendor's country, and what it finishes the flow with. */
    private record Person(String country, String email, String phone, String nationalPhone, String extra) {
    }

    private static final List<Person> PEOPLE = List.of(
            new Person("GB", "Grace.Hopper." + TOKEN + "@Example.org", "+447911123456", "7911123456", ""),
            new Person("IN", "grace.in." + TOKEN + "@example.org", "+919812345678", "9812345678", ",\"pan\":\"PIIQZ4821K\""),
            new Person("MX", "grace.mx." + TOKEN + "@example.org", "+525512345679", "5512345679",
                    ",\"profession\":\"Employee\",\"birthCountry\":\"MX\",\"taxId\":\"QUPZ850312AB1\""));
    private static final List<String> SECRETS = List.of("PIIQZ4821K", "QUPZ850312AB1");

    @TempDir
    static Path dataDir;

    private static final CapturedOutput captured = new CapturedOutput();
    private static final List<String> customerIds = new ArrayList<>();
    private static KycApp app;
    private static ApiClient api;
    private static MerchantFlow flow;
    private static WebhookReceiver receiver;
    private static Level rootLevelBefore;

    @BeforeAll
    static void runCustomersThroughTheApp() throws Exception {
        final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevelBefore = root.getLevel();
        root.setLevel(Level.DEBUG);
        captured.start();

        receiver = new WebhookReceiver();
        app = KycApp.start(Config.of(Map.of(
                "KYC_DATA_DIR", dataDir.toString(),
                "KYC_HTTP_PORT", "0",
                "KYC_KAFKA_PORT", "0",
                "KYC_SANDBOX_PORT", "0",
                "KYC_DEMO_API_KEY", API_KEY,
                "KYC_VERIFICATION_TIMEOUT", "1s",
                "KYC_ORCHESTRATOR_TIMER_INTERVAL", "200ms")));
        api = new ApiClient(app.baseUrl(), API_KEY);
        flow = new MerchantFlow(api);
        assertThat(api.post("/v1/webhook-endpoints", "{\"url\":\"" + receiver.url() + "\"}").status()).isEqualTo(201);

        for (Person person : PEOPLE) {
            customerIds.add(approve(person));
        }
        // A vendor's refusal (Capa takes each e-mail once) must not bring the data into the logs either,
        refusedByTheVendor(PEOPLE.get(2));
        // nor may a refusal of ours carry the values it refuses.
        api.post("/v1/customers", "{\"externalId\":\"refused\",\"profile\":{\"email\":\"" + PEOPLE.get(0).phone()
                + "\",\"phone\":\"" + PEOPLE.get(0).email() + "\",\"country\":\"GB\"},\"pan\":\"" + SECRETS.get(0) + "\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries().size() >= 3 * 5);
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        captured.stop();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(rootLevelBefore);
    }

    private static String approve(final Person person) throws Exception {
        final String registered = """
                {"externalId":"%s","profile":{"firstName":"Grace","lastName":"Hopper","email":"%s","phone":"%s","country":"%s"%s}}
                """.formatted(UUID.randomUUID(), person.email(), person.phone(), person.country(), person.extra());
        final String id = flow.register(registered);
        flow.applicant(id);
        flow.agreements(id);
        final String link = flow.link(id);
        if ("MX".equals(person.country())) {
            final HttpResponse<String> submitted = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(link))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("firstName=Grace&lastName=Hopper")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).isLessThan(400);
        } else {
            flow.verification(id);
        }
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() ->
                assertThat(api.get("/v1/customers/" + id + "/kyc").data().path("state").asText()).isEqualTo("APPROVED"));
        return id;
    }

    private static void refusedByTheVendor(final Person person) {
        final ApiClient.Answer answer = api.post("/v1/customers", """
                {"externalId":"%s","profile":{"firstName":"Grace","lastName":"Hopper","email":"%s","phone":"%s","country":"%s"%s}}
                """.formatted(UUID.randomUUID(), person.email(), person.phone(), person.country(), person.extra()), "Prefer", "wait=20");
        final String id = answer.data().path("customerId").asText();
        api.post("/v1/customers/" + id + "/kyc/applicant", "{}", "Prefer", "wait=20");
        api.post("/v1/customers/" + id + "/kyc/agreements", MerchantFlow.AGREEMENTS, "Prefer", "wait=20");
        final ApiClient.Answer link = api.post("/v1/customers/" + id + "/kyc/link", "{\"locale\":\"en\"}", "Prefer", "wait=20");
        assertThat(link.status()).as("the vendor refuses an e-mail it has already").isNotEqualTo(201);
    }

    @Test
    void noLogLineOfTheWholeRunHoldsAnEmailPhonePanOrTaxIdInAnyCaseOrEncoding() {
        // given everything the JVM logged or printed while the customers went through
        final List<String> lines = captured.lines();
        assertThat(lines).as("the capture saw the run").anyMatch(line -> line.contains("Ready in"));

        // then no line holds any of their personal data, however written
        final Set<String> needles = new LinkedHashSet<>();
        for (Person person : PEOPLE) {
            needles.add(person.email());
            needles.add(URLEncoder.encode(person.email(), StandardCharsets.UTF_8));
            needles.add(person.email().replace("@", "\\u0040"));
            needles.add(person.email().substring(0, person.email().indexOf('@')));
            needles.add(person.phone().substring(1));
            needles.add(person.nationalPhone());
        }
        needles.addAll(SECRETS);
        needles.add(TOKEN);
        for (String needle : needles) {
            final String lower = needle.toLowerCase(Locale.ROOT);
            assertThat(lines).as("log lines holding " + needle)
                    .noneMatch(line -> line.toLowerCase(Locale.ROOT).contains(lower));
        }
    }

    @Test
    void metricsShowEveryComponentWithoutACustomerIdOrPersonalData() throws Exception {
        // when Prometheus scrapes the app
        final HttpResponse<String> scraped = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(app.baseUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

        // then it finds the API's requests by route and status
        assertThat(scraped.statusCode()).isEqualTo(200);
        final String metrics = scraped.body();
        assertThat(metrics)
                .containsPattern("http_server_requests_seconds_count\\{method=\"POST\",outcome=\"SUCCESS\",route=\"/v1/customers\",status=\"201\"} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"/v1/customers/\\{id}/kyc\",status=\"200\"} [1-9]")
                // the Kafka clients of the API, the workers and the emitter, and both streams applications
                .containsPattern("kafka_producer_record_send_total\\{[^}]*component=\"ingress-api\"")
                .containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{[^}]*component=\"provider-workers\"")
                .containsPattern("kafka_producer_record_send_total\\{[^}]*component=\"callback-emitter\"")
                .containsPattern("kafka_stream_thread_process_total\\{[^}]*component=\"orchestrator\"")
                .containsPattern("kafka_stream_thread_process_total\\{[^}]*component=\"callback-emitter\"")
                // the webhooks and the vendors
                .containsPattern("kyc_webhook_attempts_total\\{outcome=\"delivered\"} [1-9]")
                .contains("kyc_webhook_response_time_seconds_count{outcome=\"delivered\"}")
                .contains("kyc_webhook_delivery_lag_seconds_count")
                .containsPattern("kyc_vendor_requests_seconds_count\\{operation=\"issue_link\",outcome=\"answered\",vendor=\"xgateway\"} [1-9]")
                .containsPattern("kyc_vendor_requests_seconds_count\\{operation=\"issue_link\",outcome=\"answered\",vendor=\"paycc\"} [1-9]")
                .contains("resilience4j_circuitbreaker_state{name=\"capa\",state=\"closed\"} 1.0")
                .contains("jvm_memory_used_bytes");
        // and never a customer, nor anything of theirs
        assertThat(metrics).doesNotContain(customerIds.toArray(String[]::new)).doesNotContain(TOKEN);
    }

    @Test
    void readinessNamesEveryCheckAndLivenessAnswers() throws Exception {
        final ApiClient anyone = new ApiClient(app.baseUrl(), null);

        final ApiClient.Answer ready = anyone.get("/health/ready");
        final ApiClient.Answer live = anyone.get("/health/live");

        assertThat(ready.status()).isEqualTo(200);
        final JsonNode checks = ready.data().path("checks");
        assertThat(List.of("kafka", "orchestrator", "callback-emitter", "provider-workers", "ingress-api"))
                .allSatisfy(check -> assertThat(checks.path(check).asText()).isEqualTo("UP"));
        assertThat(live.status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "sent {0}, the caller gets back {1}")
    @CsvSource({"merchant-trace-0042, merchant-trace-0042", "'', a new id", "'not valid/id', a new id"})
    void everyAnswerCarriesARequestIdAndItsLogLinesToo(final String sent, final String expected) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/v1/customers/" + customerIds.get(0) + "/kyc"))
                .header("x-api-key", API_KEY);
        if (!sent.isEmpty()) {
            request.header("x-request-id", sent);
        }

        final HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

        final String echoed = answer.headers().firstValue("x-request-id").orElseThrow();
        if (expected.equals("a new id")) {
            assertThat(echoed).isNotEqualTo(sent).matches("[0-9a-f-]{36}");
        } else {
            assertThat(echoed).isEqualTo(expected);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> captured.lines().stream()
                .anyMatch(line -> line.contains("requestId=" + echoed) && line.contains("GET /v1/customers/{id}/kyc answered 200")));
    }

    /**
     * Every logging event of the JVM, rendered as its message, MDC and stack trace, and every byte
     * written to standard output and error, as lines.
     */
    static final class CapturedOutput extends AppenderBase<ILoggingEvent> {

        private final List<String> events = Collections.synchronizedList(new ArrayList<>());
        private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        private PrintStream out;
        private PrintStream err;

        @Override
        public void start() {
            setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
            super.start();
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(this);
            out = System.out;
            err = System.err;
            System.setOut(new PrintStream(new Tee(out, printed), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(err, printed), true, StandardCharsets.UTF_8));
        }

        @Override
        public void stop() {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
            if (out != null) {
                System.setOut(out);
                System.setErr(err);
            }
            super.stop();
        }

        @Override
        protected void append(final ILoggingEvent event) {
            final StringBuilder line = new StringBuilder()
                    .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ')
                    .append(event.getThreadName()).append(' ').append(event.getMDCPropertyMap()).append(' ')
                    .append(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            events.add(line.toString());
        }

        List<String> lines() {
            final List<String> lines;
            synchronized (events) {
                lines = new ArrayList<>(events);
            }
            synchronized (printed) {
                lines.addAll(List.of(printed.toString(StandardCharsets.UTF_8).split("\n")));
            }
            return lines;
        }

        /** Writes to the original stream and keeps a copy. */
        private static final class Tee extends OutputStream {
            private final OutputStream original;
            private final ByteArrayOutputStream copy;

            Tee(final OutputStream original, final ByteArrayOutputStream copy) {
                this.original = original;
                this.copy = copy;
            }

            @Override
            public void write(final int b) throws java.io.IOException {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(final byte[] bytes, final int offset, final int length) throws java.io.IOException {
                original.write(bytes, offset, length);
                synchronized (copy) {
                    copy.write(bytes, offset, length);
                }
            }

            @Override
            public void flush() throws java.io.IOException {
                original.flush();
            }
        }
    }
}
