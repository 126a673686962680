package org.kycorchestrator.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;
import static org.kycorchestrator.ingress.IngressOnKafka.data;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.customers.CustomerRoutes;
import org.kycorchestrator.ingress.documents.Multipart;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.KycCaseView;

/**
 * Tenant B calls every route that names a customer or a webhook endpoint with tenant A's id. The
 * answer must be exactly the one for an id that does not exist (so B cannot even learn that A's
 * exists), and nothing may reach Kafka. One row per route and method; a route added to the server
 * without a row here fails {@link #everyRouteOfACustomerOrAnEndpointHasARow()}.
 */
@ExtendWith(SharedKafka.class)
class CrossTenantMatrixTest {

    private static final String KEY_A = "matrix-key-of-a";
    private static final String KEY_B = "matrix-key-of-b";
    private static final String AGREEMENTS = "{\"privacyPolicyHash\":\"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\","
            + "\"termsAndConditionsHash\":\"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"}";

    /** A utility bill as PDF: all text, so the form can be a string like the JSON bodies. */
    private static final Multipart UPLOAD = new Multipart().field("type", "UTILITY_BILL")
            .file("file", "bill.pdf", "application/pdf", "%PDF-1.7\n%\n1 0 obj << >> endobj\n%%EOF\n".getBytes(StandardCharsets.UTF_8));

    private static Tenant tenantA;
    private static Tenant tenantB;
    private static String customerOfA;
    private static String endpointOfA;
    private static IngressOnKafka ingress;

    /** A route of the matrix: {id} is the customer's or the endpoint's; the body is JSON unless a content type says otherwise. */
    private record Row(String method, String path, String body, String contentType) {
        Row(final String method, final String path, final String body) {
            this(method, path, body, body == null ? null : "application/json");
        }

        boolean aboutACustomer() {
            return path.startsWith("/v1/customers/");
        }

        String route() {
            return method + " " + path;
        }

        @Override
        public String toString() {
            return route();
        }
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                new Row("PATCH", "/v1/customers/{id}/profile", "{\"firstName\":\"Eve\"}"),
                new Row("POST", "/v1/customers/{id}/kyc/applicant", null),
                new Row("POST", "/v1/customers/{id}/kyc/documents", new String(UPLOAD.bytes(), StandardCharsets.UTF_8), Multipart.CONTENT_TYPE),
                new Row("POST", "/v1/customers/{id}/kyc/agreements", AGREEMENTS),
                new Row("POST", "/v1/customers/{id}/kyc/link", "{\"locale\":\"en\"}"),
                new Row("POST", "/v1/customers/{id}/kyc/verification", null),
                new Row("GET", "/v1/customers/{id}/kyc", null),
                new Row("GET", "/v1/customers/{id}/kyc/events", null),
                new Row("GET", "/v1/webhook-endpoints/{id}", null),
                new Row("PATCH", "/v1/webhook-endpoints/{id}", "{\"url\":\"https://eve.example/hooks\"}"),
                new Row("DELETE", "/v1/webhook-endpoints/{id}", null),
                new Row("POST", "/v1/webhook-endpoints/{id}/disable", null),
                new Row("POST", "/v1/webhook-endpoints/{id}/enable", null),
                new Row("POST", "/v1/webhook-endpoints/{id}/rotate", null),
                new Row("GET", "/v1/webhook-endpoints/{id}/deliveries", null),
                new Row("POST", "/v1/webhook-endpoints/{id}/replay", "{\"deadLetters\":true}"))
                .map(Arguments::of);
    }

    @BeforeAll
    static void start(final EmbeddedKafkaBroker broker) throws Exception {
        final String suffix = UUID.randomUUID().toString();
        tenantA = new Tenant("a-" + suffix);
        tenantB = new Tenant("b-" + suffix);
        customerOfA = CustomerRoutes.customerId(tenantA, "customer-of-a");
        // The orchestrator's store, as far as this test needs it: A's customer exists, nothing else does.
        final CaseReader store = customerId -> customerId.equals(customerOfA)
                ? new CaseReader.Found(caseOfA()) : new CaseReader.NotFound();
        ingress = IngressOnKafka.start(broker, Map.of(),
                new Tenants(Map.of(Tenants.sha256(KEY_A), tenantA, Tenants.sha256(KEY_B), tenantB)), store);
        endpointOfA = ingress.createEndpoint(KEY_A);
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void anotherTenantsIdIsAnsweredExactlyLikeAnUnknownOneAndNothingIsPublished(final Row row) throws Exception {
        // given A's id, and an id of the same shape that nobody has
        final String ofA = row.aboutACustomer() ? customerOfA : endpointOfA;
        final String unknown = row.aboutACustomer() ? UUID.randomUUID().toString() : unknownEndpointId();

        // when B calls the route with each
        final HttpResponse<String> foreign = send(KEY_B, row, ofA);
        final HttpResponse<String> none = send(KEY_B, row, unknown);

        // then both are the same 404: status, headers and body, once the ids themselves are set aside
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body().replace(ofA, "{id}")).isEqualTo(none.body().replace(unknown, "{id}"))
                .contains("\"code\":\"not_found\"");
        assertThat(headers(foreign)).isEqualTo(headers(none));
        // and nothing about either id reached Kafka, but A's own creation of it
        if (row.aboutACustomer()) {
            assertThat(ingress.readAll(TOPICS.commands())).map(record -> record.value())
                    .noneMatch(command -> command.getTenantId().equals(tenantB.id()));
        } else {
            assertThat(ingress.readAll(TOPICS.webhookEndpoints())).filteredOn(record -> record.key().equals(endpointOfA)).hasSize(1);
            assertThat(ingress.readAll(TOPICS.webhookReplays())).map(record -> record.value())
                    .noneMatch(replay -> replay.getEndpointId().equals(endpointOfA) || replay.getEndpointId().equals(unknown));
            assertThat(ingress.readAll(TOPICS.webhookRequests())).map(record -> record.value())
                    .noneMatch(request -> endpointOfA.equals(request.getEndpointId()) || unknown.equals(request.getEndpointId()));
        }
        // and A still has what it had
        final String own = row.aboutACustomer() ? "/v1/customers/" + ofA + "/kyc" : "/v1/webhook-endpoints/" + ofA;
        final HttpResponse<String> stillThere = ingress.send(KEY_A, "GET", own, null);
        assertThat(stillThere.statusCode()).isEqualTo(200);
        if (!row.aboutACustomer()) {
            assertThat(data(stillThere).path("url").asText()).isEqualTo("https://merchant.example/hooks");
            assertThat(data(stillThere).path("enabled").asBoolean()).isTrue();
        }
    }

    @Test
    void everyRouteOfACustomerOrAnEndpointHasARow() {
        final List<String> rows = routes().map(arguments -> ((Row) arguments.get()[0]).route()).toList();

        assertThat(ingress.routes()).filteredOn(route -> route.contains("{"))
                .filteredOn(route -> route.contains("/v1/customers/") || route.contains("/v1/webhook-endpoints/"))
                .containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void anotherTenantsEndpointsAreNotListed() throws Exception {
        final HttpResponse<String> listed = ingress.send(KEY_B, "GET", "/v1/webhook-endpoints", null);

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(endpointOfA);
    }

    @Test
    void registeringAnotherTenantsExternalIdMakesACustomerOfOnesOwn() throws Exception {
        // when B registers the external id A registered its customer with
        final HttpResponse<String> registered = ingress.send(KEY_B, "POST", "/v1/customers", "{\"externalId\":\"customer-of-a\"}");

        // then B gets a customer of its own, not A's
        assertThat(registered.statusCode()).isEqualTo(202);
        final String customerOfB = data(registered).path("customerId").asText();
        assertThat(customerOfB).isNotBlank().isNotEqualTo(customerOfA);
        assertThat(ingress.readAll(TOPICS.commands())).filteredOn(record -> record.key().equals(customerOfB))
                .singleElement().satisfies(record -> assertThat(record.value().getTenantId()).isEqualTo(tenantB.id()));
    }

    private static HttpResponse<String> send(final String key, final Row row, final String id) throws Exception {
        return ingress.send(key, row.method(), row.path().replace("{id}", id), row.contentType(),
                row.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(row.body()));
    }

    private static Map<String, List<String>> headers(final HttpResponse<String> response) {
        final Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        // Hop-by-hop: Jetty closes a connection whose request body was not read when it answered, which
        // depends on how much of the body had arrived by then, not on whose id it was.
        headers.remove("connection");
        return headers;
    }

    private static String unknownEndpointId() {
        final byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return "ep_" + HexFormat.of().formatHex(random);
    }

    private static KycCaseView caseOfA() {
        return KycCaseView.newBuilder().setCustomerId(customerOfA).setTenantId(tenantA.id()).setExternalId("customer-of-a")
                .setState(KycState.KYC_PENDING).setVendor(Vendor.GRID).setSequence(3)
                .setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();
    }
}
