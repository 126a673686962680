package org.kycorchestrator.sandbox.xgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxAccount;
import org.kycorchestrator.sandbox.SandboxCredentials;
import org.kycorchestrator.sandbox.SandboxSettings;

/** Several xGateway accounts in one sandbox, as tenants with their own contracts have: apart in every way. */
class XGatewayAccountsTest {

    private static CallbackReceiver defaultReceiver;
    private static CallbackReceiver acmeReceiver;
    private static ProviderSandbox sandbox;
    private static XGatewayApi defaultAccount;
    private static XGatewayApi acme;

    @BeforeAll
    static void start() {
        // given the default account and acme's, each with its own key, secret and callback URL
        defaultReceiver = CallbackReceiver.start();
        acmeReceiver = CallbackReceiver.start();
        sandbox = ProviderSandbox.start(new SandboxSettings(0, "default-key", "default-secret", defaultReceiver.url(), Duration.ofMillis(50),
                List.of(new SandboxAccount("acme", new SandboxCredentials.XGateway("acme-key", "acme-secret"), acmeReceiver.url()))));
        defaultAccount = new XGatewayApi(sandbox.xgatewayBaseUrl(), "default-key");
        acme = new XGatewayApi(sandbox.xgatewayBaseUrl(), "acme-key");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        defaultReceiver.close();
        acmeReceiver.close();
    }

    @Test
    void eachAccountSeesOnlyItsOwnCustomersAndTheSandboxTellsWhoseACustomerIs() {
        // given a customer created with acme's key
        final String id = UUID.randomUUID().toString();
        assertThat(acme.createUser(id, "Lovelace").statusCode()).isEqualTo(201);

        // then acme reads it, the default account does not know it, and the sandbox names acme as its account
        assertThat(acme.kycStatus(id).statusCode()).isEqualTo(200);
        assertThat(defaultAccount.kycStatus(id).statusCode()).isEqualTo(404);
        assertThat(XGatewayApi.json(XGatewayApi.sendTo(URI.create("http://localhost:" + sandbox.port() + "/_admin/accounts/xgateway/" + id),
                "GET", null, null)).path("accounts").toString()).isEqualTo("[\"acme\"]");
    }

    @Test
    void aKeyOfNoAccountIsRefused() {
        assertThat(new XGatewayApi(sandbox.xgatewayBaseUrl(), "acme-secret").kycStatus("any").statusCode()).isEqualTo(401);
    }

    @Test
    void eachAccountsCallbacksGoToItsOwnUrlSignedWithItsOwnSecret() {
        // given a customer of each account, ready and verified
        final String ofAcme = UUID.randomUUID().toString();
        final String ofDefault = UUID.randomUUID().toString();
        acme.readyForVerification(ofAcme, "Lovelace");
        defaultAccount.readyForVerification(ofDefault, "Lovelace");

        // when both are verified
        assertThat(acme.verify(ofAcme).statusCode()).isEqualTo(204);
        assertThat(defaultAccount.verify(ofDefault).statusCode()).isEqualTo(204);

        // then each callback reaches its own account's URL only, with the hash of its own account's secret
        await().atMost(Duration.ofSeconds(10)).until(() -> !acmeReceiver.deliveriesFor(ofAcme).isEmpty()
                && !defaultReceiver.deliveriesFor(ofDefault).isEmpty());
        assertThat(acmeReceiver.deliveriesFor(ofAcme).get(0).json().path("hash").asText())
                .isEqualTo(XGatewayCallbackSender.hash(ofAcme, "acme-secret"));
        assertThat(defaultReceiver.deliveriesFor(ofDefault).get(0).json().path("hash").asText())
                .isEqualTo(XGatewayCallbackSender.hash(ofDefault, "default-secret"));
        assertThat(defaultReceiver.deliveriesFor(ofAcme)).isEmpty();
        assertThat(acmeReceiver.deliveriesFor(ofDefault)).isEmpty();
    }
}
