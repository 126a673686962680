package org.kycorchestrator.ingress.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.ingress.IngressOnKafka.MY_KEY;
import static org.kycorchestrator.ingress.IngressOnKafka.OTHER_KEY;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.http.RawHttp;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.KycCaseView;

/**
 * Bad input never yields a 5xx: 10,000 malformed requests, over real HTTP, to the whole ingress API
 * on the shared broker, across every route and method. Every answer must be our envelope with a
 * 4xx; a request that happens to be well formed gets a 2xx, which is counted, and shown. The
 * requests come from one seed, printed first: {@code -Dfuzz.seed=<seed>} makes the same ones again
 * ({@code -Dfuzz.requests=<n>} changes how many).
 */
@ExtendWith(SharedKafka.class)
class MalformedRequestsFuzzTest {

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final int PARALLELISM = 4;
    /** Far more than any answer takes; a request still unanswered then is a hang. */
    private static final Duration PER_REQUEST = Duration.ofSeconds(15);
    private static final Pattern CODE = Pattern.compile("[a-z]+(_[a-z]+)*");
    private static final String CUSTOMER = "fuzz-customer";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, LongAdder>> statusesByKind = new ConcurrentHashMap<>();
    private final Queue<String> successes = new ConcurrentLinkedQueue<>();

    @TempDir
    Path blobs;

    @Test
    void tenThousandMalformedRequestsGetNo5xxOnlyOurEnvelopeAndLeaveTheServerServing(final EmbeddedKafkaBroker broker) throws Exception {
        // given the API as deployed (health, metrics, request ids) with one customer of its own (and one of another tenant),
        // two webhook endpoints, two vendors' callbacks and a blob store for documents
        final long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("MalformedRequestsFuzzTest: seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        final Tenant me = new Tenant("fuzz-" + UUID.randomUUID());
        try (IngressOnKafka ingress = IngressOnKafka.startAsDeployed(broker, Map.of(
                "KYC_PROVIDER_XGATEWAY_SECRET", "fuzz-secret",
                "KYC_PROVIDER_CAPA_URL", "https://capa.invalid",
                "KYC_PROVIDER_CAPA_WEBHOOK_SECRET", "fuzz-secret",
                "KYC_BLOB_DIR", blobs.toString()),
                new Tenants(Map.of(Tenants.sha256(MY_KEY), me, Tenants.sha256(OTHER_KEY), new Tenant("fuzz-other-" + UUID.randomUUID()))),
                cases(me.id()))) {
            final String endpoint = ingress.createEndpoint(MY_KEY);
            final String deletable = ingress.createEndpoint(MY_KEY);
            final List<FuzzRequest> requests = new MalformedRequests(seed, MY_KEY,
                    Map.of("customer", CUSTOMER, "endpoint", endpoint, "deletable endpoint", deletable)).next(REQUESTS);

            // when they are sent, four at a time
            final Instant start = Instant.now();
            sendAll(ingress, requests);
            final Duration took = Duration.between(start, Instant.now());

            // then
            System.out.println("MalformedRequestsFuzzTest: " + requests.size() + " requests in " + took.toMillis() + " ms; statuses "
                    + new TreeMap<>(statuses) + "; well formed by chance: " + successes.size() + " " + successes.stream().limit(20).toList());
            statusesByKind.forEach((kind, counts) -> System.out.println("  " + kind + ": " + new TreeMap<>(counts)));
            assertThat(failures).as("answers that are a 5xx, not our envelope, or missing (seed %d)", seed).isEmpty();
            assertThat(statuses.keySet()).as("statuses (seed %d)", seed).noneMatch(status -> status.startsWith("5"));
            // and the server still serves a merchant
            final HttpResponse<String> read = ingress.send(MY_KEY, "GET", "/v1/customers/" + CUSTOMER + "/kyc", null);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(IngressOnKafka.data(read).path("customerId").asText()).isEqualTo(CUSTOMER);
            final HttpResponse<String> registered = ingress.send(MY_KEY, "POST", "/v1/customers",
                    "{\"externalId\":\"after-the-fuzz-" + seed + "\",\"profile\":" + MalformedRequests.PROFILE + "}");
            assertThat(registered.statusCode()).isEqualTo(202);
        }
    }

    private void sendAll(final IngressOnKafka ingress, final List<FuzzRequest> requests) throws InterruptedException {
        final ExecutorService senders = Executors.newFixedThreadPool(PARALLELISM);
        final AtomicInteger next = new AtomicInteger();
        for (int i = 0; i < PARALLELISM; i++) {
            senders.execute(() -> {
                for (int at = next.getAndIncrement(); at < requests.size(); at = next.getAndIncrement()) {
                    check(requests.get(at), answer(ingress, requests.get(at)));
                }
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).as("all requests answered").isTrue();
    }

    /** The answer, or a failure recorded and null. */
    private RawHttp.Answer answer(final IngressOnKafka ingress, final FuzzRequest request) {
        try {
            return request.raw() ? raw(ingress.uri("/"), request) : pooled(ingress, request, client);
        } catch (IOException e) {
            // A pooled connection the server had just closed (HTTP/1.1 lets it close an idle connection
            // at any time, and a client cannot resend a POST on its own): once more on a connection
            // of its own, from a client with an empty pool.
            try {
                return pooled(ingress, request, HttpClient.newBuilder().connectTimeout(PER_REQUEST).build());
            } catch (Exception again) {
                failures.add(request.describe() + ": no answer (" + again + ")");
            }
        } catch (Exception e) {
            failures.add(request.describe() + ": no answer (" + e + ")");
        }
        return null;
    }

    private static RawHttp.Answer pooled(final IngressOnKafka ingress, final FuzzRequest request, final HttpClient client)
            throws IOException, InterruptedException {
        final HttpRequest.BodyPublisher body = request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                : request.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.body()))
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        final HttpRequest.Builder builder = HttpRequest.newBuilder(ingress.uri(request.path())).timeout(PER_REQUEST)
                .method(request.method(), body);
        request.headers().forEach(header -> builder.header(header.getKey(), header.getValue()));
        final HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new RawHttp.Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                new String(response.body(), StandardCharsets.UTF_8));
    }

    private static RawHttp.Answer raw(final URI server, final FuzzRequest request) throws IOException {
        final StringBuilder head = new StringBuilder(request.method() + " " + request.path() + " HTTP/1.1\r\nHost: localhost\r\n");
        request.headers().forEach(header -> head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n"));
        if (request.headers().stream().noneMatch(header -> header.getKey().equalsIgnoreCase("Content-Length"))) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return RawHttp.send(server, head.toString().getBytes(StandardCharsets.ISO_8859_1), request.body(), (int) PER_REQUEST.toMillis());
    }

    private void check(final FuzzRequest request, final RawHttp.Answer answer) {
        if (answer == null) {
            return;
        }
        statuses.computeIfAbsent(String.valueOf(answer.status()), status -> new LongAdder()).increment();
        statusesByKind.computeIfAbsent(request.kind(), kind -> new ConcurrentHashMap<>())
                .computeIfAbsent(answer.status(), status -> new LongAdder()).increment();
        if (answer.status() < 200 || answer.status() >= 500) {
            failures.add(request.describe() + ": answered " + answer.status() + " " + abbreviated(answer.body()));
            return;
        }
        if ("HEAD".equals(request.method()) || answer.status() == 200
                && (request.path().startsWith("/metrics") || request.path().startsWith("/openapi.json"))) {
            // A HEAD answer has no body; the metrics are Prometheus text, for scrapers, and /openapi.json the OpenAPI document.
            return;
        }
        final String problem = envelopeProblem(answer);
        if (problem != null) {
            failures.add(request.describe() + ": " + problem + ": " + answer.status() + " " + answer.headers() + " " + abbreviated(answer.body()));
        } else if (answer.status() < 300) {
            successes.add(request.describe() + " -> " + answer.status());
        }
    }

    /** What makes the answer other than our envelope, with a status that agrees with it; null when it is. */
    private static String envelopeProblem(final RawHttp.Answer answer) {
        if (!answer.headers().toLowerCase().contains("application/json")) {
            return "not JSON";
        }
        final JsonNode envelope;
        try {
            envelope = Envelope.JSON.readTree(answer.body());
        } catch (IOException e) {
            return "a body that does not parse";
        }
        if (envelope == null || !envelope.path("success").isBoolean()) {
            return "no success flag";
        }
        if (envelope.path("success").asBoolean()) {
            return answer.status() < 300 && envelope.has("data") ? null : "success with a status of " + answer.status();
        }
        if (answer.status() < 400) {
            return "a failure with a status of " + answer.status();
        }
        final JsonNode errors = envelope.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return "a failure without errors";
        }
        for (JsonNode error : errors) {
            if (!CODE.matcher(error.path("code").asText()).matches() || error.path("message").asText().isBlank()) {
                return "an error without a lower_snake code and a message";
            }
        }
        return null;
    }

    private static String abbreviated(final String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    /** The tenant's own customer, another tenant's, and nobody else. */
    private static CaseReader cases(final String myTenantId) {
        return customerId -> switch (customerId) {
            case CUSTOMER -> new CaseReader.Found(caseOf(myTenantId, customerId, Vendor.XGATEWAY));
            case "fuzz-grid-customer" -> new CaseReader.Found(caseOf(myTenantId, customerId, Vendor.GRID));
            case "fuzz-foreign-customer" -> new CaseReader.Found(caseOf("another-tenant", customerId, Vendor.XGATEWAY));
            default -> new CaseReader.NotFound();
        };
    }

    private static KycCaseView caseOf(final String tenantId, final String customerId, final Vendor vendor) {
        return KycCaseView.newBuilder().setCustomerId(customerId).setTenantId(tenantId).setExternalId("ext-" + customerId)
                .setState(KycState.PENDING_KYC_DATA).setVendor(vendor).setSequence(3).setCreatedAt(Instant.EPOCH)
                .setUpdatedAt(Instant.EPOCH).build();
    }
}
