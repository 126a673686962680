package org.kycorchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProviderSandboxTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void portZeroPicksAFreePortAndTheXGatewayBaseUrlPointsAtIt() {
        try (ProviderSandbox sandbox = ProviderSandbox.start(settings(0))) {
            assertThat(sandbox.port()).isPositive();
            assertThat(sandbox.xgatewayBaseUrl()).isEqualTo("http://localhost:" + sandbox.port() + "/xgateway/api/v2");
        }
    }

    @Test
    void aPathOutsideEveryVendorAnswers404Json() throws Exception {
        try (ProviderSandbox sandbox = ProviderSandbox.start(settings(0))) {
            final HttpResponse<String> response = get("http://localhost:" + sandbox.port() + "/nowhere");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
        }
    }

    @Test
    void closingStopsServingAndCanBeRepeated() {
        final ProviderSandbox sandbox = ProviderSandbox.start(settings(0));
        final String url = sandbox.xgatewayBaseUrl() + "/customer/c1/bank-transfer/kyc";

        sandbox.close();
        sandbox.close();

        assertThatThrownBy(() -> get(url)).isInstanceOf(ConnectException.class);
    }

    @Test
    void aPortInUseFailsTheStart() {
        try (ProviderSandbox first = ProviderSandbox.start(settings(0))) {
            assertThatThrownBy(() -> ProviderSandbox.start(settings(first.port()))).isInstanceOf(RuntimeException.class);
        }
    }

    private static SandboxSettings settings(final int port) {
        return new SandboxSettings(port, "k", "s", null, Duration.ofMillis(10));
    }

    private static HttpResponse<String> get(final String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
