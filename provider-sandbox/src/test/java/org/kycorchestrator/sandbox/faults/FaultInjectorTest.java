package org.kycorchestrator.sandbox.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;

/** Fault modes are switched per vendor at run time, and a healed vendor answers normally again. */
class FaultInjectorTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(new SandboxSettings(0, "key", "secret", null, Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void anOutageAnswers503InTheVendorsOwnEnvelopeUntilHealed() throws Exception {
        set("xgateway", "{\"outage\":true}");

        final HttpResponse<String> down = xgatewayStatus();
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"success\":false");

        heal("xgateway");
        assertThat(xgatewayStatus().statusCode()).isEqualTo(404);
    }

    @Test
    void aRateLimitAnswers429WithRetryAfter() throws Exception {
        set("xgateway", "{\"rateLimitRetryAfterSeconds\":7}");

        final HttpResponse<String> limited = xgatewayStatus();

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
    }

    @Test
    void anErrorRateOfOneAnswersEveryCall500() throws Exception {
        set("xgateway", "{\"errorRate\":1.0}");

        assertThat(xgatewayStatus().statusCode()).isEqualTo(500);
    }

    @Test
    void aTimeoutHoldsTheAnswerPastTheCallersPatience() throws Exception {
        set("xgateway", "{\"timeoutMs\":2000}");

        final HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.xgatewayBaseUrl() + "/customer/c1/bank-transfer/kyc"))
                .header("x-api-key", "key").timeout(Duration.ofMillis(300)).GET().build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aConnectionResetGivesTheCallerNoAnswerAtAll() throws Exception {
        set("xgateway", "{\"connectionReset\":true}");

        org.assertj.core.api.Assertions.assertThatThrownBy(this::xgatewayStatus).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aFaultOfOneVendorLeavesTheOthersAlone() throws Exception {
        set("grid", "{\"outage\":true}");

        assertThat(xgatewayStatus().statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> xgatewayStatus() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.xgatewayBaseUrl() + "/customer/c1/bank-transfer/kyc"))
                .header("x-api-key", "key").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void set(final String vendor, final String faults) throws Exception {
        final HttpResponse<String> answer = http.send(HttpRequest.newBuilder(admin(vendor)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(faults)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(204);
    }

    private void heal(final String vendor) throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(admin(vendor)).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(204);
    }

    private URI admin(final String vendor) {
        return URI.create("http://localhost:" + sandbox.port() + FaultInjector.ADMIN_PATH + "/" + vendor);
    }
}
