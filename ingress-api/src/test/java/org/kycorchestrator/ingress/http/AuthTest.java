package org.kycorchestrator.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.tenants.VendorRouting;
import org.kycorchestrator.tenants.RateLimit;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;

/** Authentication and rate limiting as a route sees them, over real HTTP. */
class AuthTest {

    private static final String KEY = "key-of-a-tenant-with-one-token-a-minute";

    private final HttpClient client = HttpClient.newHttpClient();
    private Javalin http;

    @BeforeEach
    void start() {
        final Tenant tenant = new Tenant("one-a-minute", Optional.of(new RateLimit(1 / 60d, 1)), VendorRouting.demo(), Map.of());
        final Auth auth = new Auth(new Tenants(Map.of(Tenants.sha256(KEY), tenant)));
        http = Javalin.create(config -> {
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            ErrorHandling.register(config.routes);
            // A route that asks twice, as a handler and a helper of it might.
            config.routes.get("/whoami", ctx -> Envelope.success(ctx, 200, Map.of("first", auth.tenant(ctx).id(), "again", auth.tenant(ctx).id())));
        }).start();
    }

    @AfterEach
    void stop() {
        http.stop();
    }

    @Test
    void aRequestTakesOneTokenHoweverOftenItsTenantIsAskedFor() throws Exception {
        // when the tenant with one token calls once
        final HttpResponse<String> first = whoami(KEY);

        // then it is served, though its tenant was asked for twice
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"first\":\"one-a-minute\"", "\"again\":\"one-a-minute\"");
    }

    @Test
    void pastTheLimitTheAnswerIs429InTheEnvelopeWithRetryAfterInWholeSeconds() throws Exception {
        // given the only token is spent
        whoami(KEY);

        // when the tenant calls again
        final HttpResponse<String> limited = whoami(KEY);

        // then
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).startsWith("{\"success\":false,\"errors\":[{\"code\":\"too_many_requests\"");
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(58L, 60L));
    }

    @Test
    void anUnknownKeyIs401AndSpendsNoToken() throws Exception {
        assertThat(whoami("unknown").statusCode()).isEqualTo(401);
        assertThat(whoami(KEY).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> whoami(final String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + "/whoami")).header("x-api-key", key).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
