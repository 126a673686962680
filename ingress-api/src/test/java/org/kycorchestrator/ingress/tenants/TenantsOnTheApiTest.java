package org.kycorchestrator.ingress.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;
import static org.kycorchestrator.ingress.IngressOnKafka.data;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.tenants.TenantsFile;
import org.kycorchestrator.tenants.VendorRouting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.RegisterCustomer;
import org.kycorchestrator.schemas.providers.VendorHealth;

/**
 * The API with tenants from a tenants file, on the real broker: keys identify their tenant, each
 * tenant has its own bucket, and new customers are routed by their tenant's own rules.
 */
@ExtendWith(SharedKafka.class)
class TenantsOnTheApiTest {

    private static final String ROTATED_OUT = "slow-key-2026-01";
    private static final String ROTATED_IN = "slow-key-2026-07";
    private static final String ROUTED = "routed-key";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

    private static IngressOnKafka ingress;

    @BeforeAll
    static void start(final EmbeddedKafkaBroker broker) {
        // given two tenants: "slow" with two keys (mid-rotation) and a bucket of 2 refilled every 2 s,
        // and "routed" with routing of its own
        final Tenants tenants = Tenants.of(TenantsFile.read(new StringReader("""
                tenants:
                  - id: slow-%1$s
                    apiKeys:
                      - {sha256: %2$s, label: old}
                      - {sha256: %3$s, label: new}
                    rateLimit: {perSecond: 1, burst: 2}
                  - id: routed-%1$s
                    apiKeys: [{sha256: %4$s}]
                    rateLimit: {perSecond: 1000}
                    routing:
                      byCountry:
                        - {countries: [MX], vendor: paycc}
                        - {countries: [FR], vendor: xgateway, fallback: capa}
                      default: {vendor: capa}
                """.formatted(SUFFIX, Tenants.sha256(ROTATED_OUT), Tenants.sha256(ROTATED_IN), Tenants.sha256(ROUTED))),
                "test tenants", Config.of(Map.of())));
        ingress = IngressOnKafka.start(broker, Map.of(), tenants, customerId -> new CaseReader.NotFound());
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @ParameterizedTest(name = "x-api-key \"{0}\" is refused with 401")
    @CsvSource({"not-a-key", "''", "slow-key-2026-0", "SLOW-KEY-2026-07", Tenants.DEMO_TENANT_ID})
    void aKeyOfNoTenantIsRefused(final String key) throws Exception {
        final HttpResponse<String> answer = ingress.send(key, "GET", "/v1/webhook-endpoints", null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("\"code\":\"unauthorized\"");
    }

    @Test
    void pastItsBurstATenantGets429WithRetryAfterWhileOthersGoOnAndItRecovers() throws Exception {
        // given the slow tenant used up its bucket, with both of its keys, while the other tenant calls too
        await().atMost(Duration.ofSeconds(10)).until(() -> ingress.send(ROTATED_OUT, "GET", "/v1/webhook-endpoints", null).statusCode() == 429);

        // when it calls again, with either key
        final HttpResponse<String> limited = ingress.send(ROTATED_IN, "GET", "/v1/webhook-endpoints", null);

        // then it is told to slow down, and when to come back: whole seconds, at least 1, at most a refill
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("\"code\":\"too_many_requests\"");
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        // and the other tenant's bucket is its own
        assertThat(ingress.send(ROUTED, "GET", "/v1/webhook-endpoints", null).statusCode()).isEqualTo(200);
        // and once the bucket is refilled, the slow tenant is served again
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> ingress.send(ROTATED_IN, "GET", "/v1/webhook-endpoints", null).statusCode() == 200);
    }

    @Test
    void everyKeyOfATenantMayBeUsedDuringARotation() throws Exception {
        // given an endpoint made with the old key
        final HttpResponse<String> created = unlimited(() -> ingress.send(ROTATED_OUT, "POST", "/v1/webhook-endpoints",
                "{\"url\":\"https://slow.example/hooks\"}"));
        assertThat(created.statusCode()).isEqualTo(201);
        final String endpoint = data(created).path("id").asText();

        // when the tenant reads it with the new key
        final HttpResponse<String> read = unlimited(() -> ingress.send(ROTATED_IN, "GET", "/v1/webhook-endpoints/" + endpoint, null));

        // then it is the same tenant's
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(data(read).path("url").asText()).isEqualTo("https://slow.example/hooks");
    }

    @ParameterizedTest(name = "a customer from {0} goes to {1}")
    @CsvSource({"MX, PAYCC", "FR, XGATEWAY", "US, CAPA", "IN, CAPA"})
    void newCustomersAreRoutedByTheirTenantsOwnRules(final String country, final Vendor vendor) throws Exception {
        assertThat(registeredVendor(country)).isEqualTo(vendor);
    }

    @Test
    void whileThePrimarysCircuitIsOpenTheTenantsFallbackTakesNewCustomers() throws Exception {
        try {
            // given the workers report xGateway's circuit open
            ingress.write(TOPICS.vendorHealth(), "XGATEWAY", health(Vendor.XGATEWAY, "OPEN"));

            // then French customers go to this tenant's fallback, Capa (the demo tenant's would be Grid)
            await().atMost(Duration.ofSeconds(30)).until(() -> registeredVendor("FR") == Vendor.CAPA);
        } finally {
            ingress.write(TOPICS.vendorHealth(), "XGATEWAY", health(Vendor.XGATEWAY, "CLOSED"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> registeredVendor("FR") == Vendor.XGATEWAY);
    }

    /** The answer once the slow tenant's bucket lets the call through (the other tests of this class empty it). */
    private static HttpResponse<String> unlimited(final Callable<HttpResponse<String>> call) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(call, answer -> answer.statusCode() != 429);
    }

    /** Registers a customer of the country as the routed tenant, and answers the vendor its command names. */
    private static Vendor registeredVendor(final String country) throws Exception {
        final HttpResponse<String> registered = ingress.send(ROUTED, "POST", "/v1/customers",
                "{\"externalId\":\"" + UUID.randomUUID() + "\",\"profile\":{\"country\":\"" + country + "\"}}");
        assertThat(registered.statusCode()).isEqualTo(202);
        final String customerId = data(registered).path("customerId").asText();
        final List<RegisterCustomer> commands = ingress.readAll(TOPICS.commands()).stream()
                .filter(record -> record.key().equals(customerId))
                .map(record -> (RegisterCustomer) record.value().getPayload())
                .toList();
        assertThat(commands).hasSize(1);
        return commands.get(0).getVendor();
    }

    private static VendorHealth health(final Vendor vendor, final String circuit) {
        return VendorHealth.newBuilder().setVendor(vendor).setCircuit(circuit).setWorker("test").setObservedAt(Instant.now()).build();
    }
}
