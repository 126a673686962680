package org.kycorchestrator.workers.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.workers.callbacks.CallbackTrigger;

class GridCallbackVerifierTest {

    private static final String GRID_ID = "Customer:019542f5-b3e7-1d02-0000-000000000001";
    private static final String CUSTOMER_WEBHOOK = """
            {"id":"Webhook:019542f5-b3e7-1d02-0000-000000000007","type":"CUSTOMER.KYC_APPROVED","timestamp":"2025-08-15T14:32:00Z",
             "data":{"id":"%s","platformCustomerId":"cust-1","customerType":"INDIVIDUAL","umaAddress":"$john.doe@uma.domain.com",
             "kycStatus":"APPROVED","fullName":"John Michael Doe","createdAt":"2025-07-21T17:32:28Z","updatedAt":"2025-07-21T17:32:28Z",
             "isDeleted":false}}""".formatted(GRID_ID);
    private static final String VERIFICATION_WEBHOOK = """
            {"id":"Webhook:019542f5-b3e7-1d02-0000-000000000031","type":"VERIFICATION.RESOLVE_ERRORS","timestamp":"2025-08-15T14:32:00Z",
             "data":{"id":"Verification:019542f5-b3e7-1d02-0000-000000000011","customerId":"%s","verificationStatus":"RESOLVE_ERRORS",
             "errors":[{"resourceId":"%1$s","type":"MISSING_DOCUMENT","acceptedDocumentTypes":["PROOF_OF_ADDRESS"],
             "reason":"Proof of address document is required"}],"createdAt":"2025-08-15T14:00:00Z"}}""".formatted(GRID_ID);

    private final KeyPair grid = p256();
    private final GridCallbackVerifier verifier = new GridCallbackVerifier(pem(grid),
            gridId -> GRID_ID.equals(gridId) ? Optional.of("cust-1") : Optional.empty());

    @Test
    void aCustomerWebhookSignedByGridIsATriggerForOurCustomerWithItsStatusAndId() {
        final byte[] body = CUSTOMER_WEBHOOK.getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(Map.of("x-grid-signature", header(sign(grid, body, "SHA256withECDSA"))), body))
                .contains(new CallbackTrigger("cust-1", "APPROVED", "Webhook:019542f5-b3e7-1d02-0000-000000000007"));
    }

    @Test
    void aVerificationWebhookNamesGridsCustomerIdWhichIsLookedUp() {
        final byte[] body = VERIFICATION_WEBHOOK.getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(Map.of("x-grid-signature", header(sign(grid, body, "SHA256withECDSA"))), body))
                .contains(new CallbackTrigger("cust-1", "RESOLVE_ERRORS", "Webhook:019542f5-b3e7-1d02-0000-000000000031"));
    }

    @Test
    void aVerificationWebhookForACustomerThatCannotBeToldGivesNoTrigger() {
        final byte[] body = VERIFICATION_WEBHOOK.replace(GRID_ID, "Customer:other").getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(Map.of("x-grid-signature", header(sign(grid, body, "SHA256withECDSA"))), body)).isEmpty();
    }

    @Test
    void theSignatureMayComeBareOrInTheRawRAndSForm() {
        final byte[] body = CUSTOMER_WEBHOOK.getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(Map.of("x-grid-signature", base64(sign(grid, body, "SHA256withECDSA"))), body)).isPresent();
        assertThat(verifier.verify(Map.of("x-grid-signature", header(sign(grid, body, "SHA256withECDSAinP1363Format"))), body))
                .isPresent();
    }

    @Test
    void aChangedBodyAnotherKeyOrNoSignatureIsRefused() {
        final byte[] body = CUSTOMER_WEBHOOK.getBytes(StandardCharsets.UTF_8);
        final String signature = header(sign(grid, body, "SHA256withECDSA"));
        final byte[] changed = CUSTOMER_WEBHOOK.replace("cust-1", "cust-2").getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(Map.of("x-grid-signature", signature), changed)).isEmpty();
        assertThat(verifier.verify(Map.of("x-grid-signature", header(sign(p256(), body, "SHA256withECDSA"))), body)).isEmpty();
        assertThat(verifier.verify(Map.of(), body)).isEmpty();
        assertThat(verifier.verify(Map.of("x-grid-signature", "{\"v\":\"1\",\"s\":\"not base64!\"}"), body)).isEmpty();
        assertThat(verifier.verify(Map.of("x-grid-signature", "{\"v\":\"1\""), body)).isEmpty();
    }

    @Test
    void aSignedTestWebhookOrOneThatIsNotAboutACustomerGivesNoTrigger() {
        for (final String webhook : new String[] {
                "{\"id\":\"Webhook:1\",\"type\":\"TEST\",\"timestamp\":\"2025-08-15T14:32:00Z\",\"data\":{}}",
                "{\"id\":\"Webhook:2\",\"type\":\"CUSTOMER.KYC_APPROVED\",\"timestamp\":\"2025-08-15T14:32:00Z\",\"data\":{}}",
                "[1,2]", "not json"}) {
            final byte[] body = webhook.getBytes(StandardCharsets.UTF_8);
            assertThat(verifier.verify(Map.of("x-grid-signature", header(sign(grid, body, "SHA256withECDSA"))), body)).isEmpty();
        }
    }

    @Test
    void aKeyThatIsNotAP256PublicKeyPemIsRefusedAtOnce() {
        assertThatThrownBy(() -> new GridCallbackVerifier("not a key", id -> Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromConfigReadsThePemWithItsLineBreaksWrittenAsBackslashN() {
        final Config config = Config.of(Map.of(
                "KYC_PROVIDER_GRID_WEBHOOK_PUBLIC_KEY", pem(grid).replace("\n", "\\n"),
                "KYC_PROVIDER_GRID_URL", "http://localhost:1/grid/2025-10-13",
                "KYC_PROVIDER_GRID_CLIENT_ID", "id",
                "KYC_PROVIDER_GRID_CLIENT_SECRET", "secret"));
        final byte[] body = CUSTOMER_WEBHOOK.getBytes(StandardCharsets.UTF_8);

        final GridCallbackVerifier configured = GridCallbackVerifier.fromConfig(config, HttpClient.newHttpClient()).orElseThrow();

        assertThat(configured.verify(Map.of("x-grid-signature", header(sign(grid, body, "SHA256withECDSA"))), body)).isPresent();
    }

    @Test
    void fromConfigGivesNoVerifierWithoutAKeyAndNeedsGridsUrlAndCredentialsWithOne() {
        assertThat(GridCallbackVerifier.fromConfig(Config.of(Map.of()), HttpClient.newHttpClient())).isEmpty();
        assertThatThrownBy(() -> GridCallbackVerifier.fromConfig(
                Config.of(Map.of("KYC_PROVIDER_GRID_WEBHOOK_PUBLIC_KEY", pem(grid))), HttpClient.newHttpClient()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KYC_PROVIDER_GRID_URL");
    }

    static KeyPair p256() {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(final KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static byte[] sign(final KeyPair keys, final byte[] body, final String algorithm) {
        try {
            final Signature signature = Signature.getInstance(algorithm);
            signature.initSign(keys.getPrivate());
            signature.update(body);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(final byte[] signature) {
        return "{\"v\":\"1\",\"s\":\"" + base64(signature) + "\"}";
    }

    private static String base64(final byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
