package org.kycorchestrator.ingress.webhooks.deliveries;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.ingress.http.Auth;
import org.kycorchestrator.ingress.http.ErrorHandling;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.ingress.webhooks.WebhookEndpointTable;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

/** An instance that has not read the delivery log to its end yet says so rather than show a log with holes. */
class DeliveryRoutesWhileReadingTest {

    private Javalin http;

    @AfterEach
    void stop() {
        http.stop();
    }

    @Test
    void untilTheLogIsReadTheAnswerIs503WithRetryAfter() throws Exception {
        // given: an endpoint of the tenant, and a log still being read
        final WebhookEndpointTable endpoints = new WebhookEndpointTable();
        endpoints.put("ep_1", WebhookEndpoint.newBuilder().setId("ep_1").setTenantId("mine").setUrl("https://merchant.example/hooks")
                .setSecret("whsec_x").setCreatedAt(Instant.EPOCH).build());
        final DeliveryRoutes routes = new DeliveryRoutes(new Auth(new Tenants(Map.of(Tenants.sha256("key"), new Tenant("mine")))),
                endpoints, new DeliveryLog(10), () -> false);
        http = Javalin.create(config -> {
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            ErrorHandling.register(config.routes);
            routes.register(config.routes);
        }).start();

        // when
        final HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + "/v1/webhook-endpoints/ep_1/deliveries"))
                        .header("x-api-key", "key").build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.body()).contains("service_unavailable").doesNotContain("items");
    }
}
