package org.kycorchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.sandbox.capa.CapaSandboxSettings;
import org.kycorchestrator.sandbox.grid.GridSettings;
import org.kycorchestrator.sandbox.paycc.PayccSandboxSettings;

/**
 * The webhooks of each Grid and Capa account go to that account's own URL, signed with that
 * account's own key: Grid's with a P-256 key pair of each account's own, Capa's with each account's
 * webhook secret. (xGateway's are in {@code XGatewayAccountsTest}; Paycc sends none.)
 */
class SandboxAccountCallbacksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();

    private static HttpServer receiver;
    private static ProviderSandbox sandbox;

    record Delivery(String path, Map<String, List<String>> headers, byte[] body) {
        String header(final String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        receiver.createContext("/", exchange -> {
            DELIVERIES.add(new Delivery(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        final String hooks = "http://localhost:" + receiver.getAddress().getPort();
        // given the default Grid and Capa accounts, and acme's own at each, every one with its own webhook URL
        sandbox = ProviderSandbox.start(new SandboxSettings(0, "k", "s", null, Duration.ofMillis(20), List.of(
                        new SandboxAccount("acme", new SandboxCredentials.Grid("acme-grid-id", "acme-grid-secret"), hooks + "/grid/acme"),
                        new SandboxAccount("acme", new SandboxCredentials.Capa("acme-capa-key", "acme-capa-secret"), hooks + "/capa/acme"))),
                new VendorSandboxSettings(PayccSandboxSettings.defaults(),
                        CapaSandboxSettings.defaults().withWebhookUrl(hooks + "/capa/default"),
                        new GridSettings(GridSettings.DEFAULT_CLIENT_ID, GridSettings.DEFAULT_CLIENT_SECRET, hooks + "/grid/default",
                                Duration.ofMillis(20))));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        receiver.stop(0);
    }

    @Test
    void eachGridAccountsWebhooksGoToItsOwnUrlSignedWithItsOwnKey() throws Exception {
        // when a customer of acme's account goes through the hosted flow
        final String basic = "Basic " + Base64.getEncoder().encodeToString("acme-grid-id:acme-grid-secret".getBytes(StandardCharsets.UTF_8));
        final String platformId = UUID.randomUUID().toString();
        final String gridId = JSON.readTree(send(sandbox.gridBaseUrl() + "/customers", "Authorization", basic,
                "{\"platformCustomerId\":\"" + platformId + "\",\"customerType\":\"INDIVIDUAL\",\"fullName\":\"Ada Lovelace\"}")
                .body()).path("id").asText();
        assertThat(send(sandbox.gridBaseUrl() + "/customers/" + gridId + "/kyc-link", "Authorization", basic, "{}").statusCode())
                .isEqualTo(201);

        // then its webhooks reach acme's URL only, and verify with acme's public key, not the default account's
        await().atMost(Duration.ofSeconds(10)).until(() -> !deliveriesAbout(gridId).isEmpty());
        final Delivery webhook = deliveriesAbout(gridId).get(0);
        assertThat(deliveriesAbout(gridId)).allMatch(delivery -> delivery.path().equals("/grid/acme"));
        final String signature = JSON.readTree(webhook.header("X-Grid-Signature")).path("s").asText();
        assertThat(verifies(sandbox.gridWebhookPublicKeyPem("acme"), webhook.body(), signature)).isTrue();
        assertThat(verifies(sandbox.gridWebhookPublicKeyPem(), webhook.body(), signature)).isFalse();
    }

    @Test
    void eachCapaAccountsWebhooksGoToItsOwnUrlSignedWithItsOwnSecret() throws Exception {
        // when a user of acme's account submits its hosted session
        final String externalUserId = UUID.randomUUID().toString();
        final String userId = JSON.readTree(send(sandbox.capaBaseUrl() + "/api/partner/v2/users", "partner-api-key", "acme-capa-key",
                "{\"type\":\"INDIVIDUAL\",\"email\":\"" + externalUserId + "@example.com\",\"externalUserId\":\"" + externalUserId + "\"}")
                .body()).path("data").path("userId").asText();
        final String link = JSON.readTree(send(sandbox.capaBaseUrl() + "/api/partner/v2/kyc/verification-link", "partner-api-key",
                "acme-capa-key", "{\"userId\":\"" + userId + "\",\"country\":\"MX\",\"partnerRedirectUri\":\"https://shop.example/done\","
                        + "\"personalInfo\":{\"profession\":\"Employee\",\"phoneNumber\":\"+525512345678\",\"birthCountry\":\"MX\","
                        + "\"taxId\":\"GALA780211AB1\"}}").body()).path("data").path("kycLink").asText();
        HTTP.send(HttpRequest.newBuilder(URI.create(link)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("firstName=Ada&lastName=Lovelace")).build(), HttpResponse.BodyHandlers.discarding());

        // then its webhooks reach acme's URL only, signed with acme's secret
        await().atMost(Duration.ofSeconds(10)).until(() -> !deliveriesAbout(externalUserId).isEmpty());
        assertThat(deliveriesAbout(externalUserId)).allMatch(delivery -> delivery.path().equals("/capa/acme"))
                .allMatch(delivery -> hmacHex("acme-capa-secret", delivery.body()).equals(delivery.header("capa-signature")));
    }

    @Test
    void theSandboxSignsABodyAsAGridAccountForTestsThatPlayCrossSignedWebhooks() throws Exception {
        final byte[] body = "{\"id\":\"Webhook:1\",\"type\":\"CUSTOMER.KYC_APPROVED\"}".getBytes(StandardCharsets.UTF_8);

        final HttpResponse<String> signed = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + sandbox.port()
                + "/_admin/webhook-signatures/grid/acme")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        final String signature = JSON.readTree(signed.body()).path("s").asText();
        assertThat(verifies(sandbox.gridWebhookPublicKeyPem("acme"), body, signature)).isTrue();
        assertThat(verifies(sandbox.gridWebhookPublicKeyPem(), body, signature)).isFalse();
    }

    private static List<Delivery> deliveriesAbout(final String id) {
        return DELIVERIES.stream().filter(delivery -> delivery.text().contains(id)).toList();
    }

    private static boolean verifies(final String pem, final byte[] body, final String signature) throws Exception {
        final String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        final PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        final Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key);
        verifier.update(body);
        return verifier.verify(Base64.getDecoder().decode(signature));
    }

    private static String hmacHex(final String secret, final byte[] body) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(final String url, final String header, final String value, final String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header(header, value)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
