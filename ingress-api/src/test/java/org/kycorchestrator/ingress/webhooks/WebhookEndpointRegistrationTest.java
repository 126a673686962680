package org.kycorchestrator.ingress.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.ingress.IngressApi;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.InMemorySchemaRegistryClient;
import org.kycorchestrator.kafka.KafkaClients;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.webhooks.AddressPolicy;

/** Registration refuses endpoints whose address is already known to be out of bounds. */
class WebhookEndpointRegistrationTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private IngressApi api;
    private Javalin http;

    @AfterEach
    void stop() {
        http.stop();
        api.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://127.0.0.1/kyc                  | names a loopback address
            https://2130706433/kyc                 | names a loopback address
            https://0177.0.0.1/kyc                 | names a loopback address
            https://0x7f.1/kyc                     | names a loopback address
            https://[::ffff:127.0.0.1]/kyc         | names a loopback address
            https://10.0.0.1.nip.io/kyc            | names a private address
            https://169.254.169.254/latest         | names a cloud metadata address
            https://[fd00:ec2::254]/latest         | names a cloud metadata address
            https://[2002:a9fe:a9fe::]/latest      | names a cloud metadata address
            http://hooks.merchant.example/kyc      | must use https
            ftp://hooks.merchant.example/kyc       | must be an absolute http or https URL
            """)
    void inProductionAForbiddenUrlIsAnsweredWith400NamingTheField(final String url, final String reason) throws Exception {
        // given
        start(Map.of());

        // when
        final HttpResponse<String> answer = register(url);

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"success\":false").contains("\"code\":\"bad_request\"")
                .contains("\"message\":\"url " + reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/latest", "http://[::ffff:a9fe:a9fe]/", "http://169.254.169.254.sslip.io/"})
    void theMetadataAddressIsRefusedEvenWhenPrivateAddressesAreAllowed(final String url) throws Exception {
        // given
        start(Map.of(AddressPolicy.ALLOW_PRIVATE, "true"));

        // when
        final HttpResponse<String> answer = register(url);

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("url names a cloud metadata address");
    }

    private void start(final Map<String, String> config) {
        // Refused registrations never reach Kafka, so an unreachable bootstrap address is fine here.
        api = new IngressApi(Config.of(config), new KafkaClients("localhost:1"), new KycTopics(new InMemorySchemaRegistryClient()),
                Tenants.demo("key-of-demo"), List.of(), customerId -> new CaseReader.NotFound());
        http = Javalin.create(javalin -> {
            javalin.jetty.port = 0;
            javalin.startup.showJavalinBanner = false;
            api.configure(javalin);
        }).start();
    }

    private HttpResponse<String> register(final String url) throws Exception {
        final String body = "{\"url\":\"" + url + "\"}";
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + "/v1/webhook-endpoints"))
                        .header("x-api-key", "key-of-demo")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
