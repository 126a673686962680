package org.kycorchestrator.workers.capa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.workers.callbacks.CallbackTrigger;

class CapaCallbackVerifierTest {

    private static final String SECRET = "whsec-capa-1";
    private static final String VERIFIED = "{\"type\":\"KYC\",\"event\":\"VERIFIED_USER\",\"externalUserId\":\"cust-1\"}";

    private final CapaCallbackVerifier verifier = new CapaCallbackVerifier(SECRET);

    @Test
    void aWebhookSignedWithTheSecretTriggersAStatusReadForTheExternalUser() {
        assertThat(verifier.verify(signed(VERIFIED, SECRET), bytes(VERIFIED)))
                .contains(new CallbackTrigger("cust-1", "VERIFIED_USER"));
        assertThat(verifier.vendor()).isEqualTo(Vendor.CAPA);
    }

    @Test
    void theSignatureIsTheHexHmacSha256OfTheCompactPayload() {
        // HMAC-SHA256 under key "key" of the text below, a published test value of the algorithm
        assertThat(CapaCallbackVerifier.signature("key", bytes("The quick brown fox jumps over the lazy dog")))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void anUpperCaseHexSignatureIsAcceptedToo() {
        final String upper = CapaCallbackVerifier.signature(SECRET, bytes(VERIFIED)).toUpperCase(Locale.ROOT);

        assertThat(verifier.verify(Map.of("capa-signature", upper), bytes(VERIFIED))).isPresent();
    }

    @Test
    void aBodyThatIsNotCompactIsCheckedInItsCompactForm() {
        final String spaced = "{ \"type\": \"KYC\", \"event\": \"REJECTED_KYC\", \"externalUserId\": \"cust-1\" }";
        final String signatureOfCompact = CapaCallbackVerifier.signature(SECRET,
                bytes("{\"type\":\"KYC\",\"event\":\"REJECTED_KYC\",\"externalUserId\":\"cust-1\"}"));

        assertThat(verifier.verify(Map.of("capa-signature", signatureOfCompact), bytes(spaced)))
                .contains(new CallbackTrigger("cust-1", "REJECTED_KYC"));
    }

    @Test
    void aWebhookSignedWithAnotherSecretIsRejected() {
        assertThat(verifier.verify(signed(VERIFIED, "someone-else"), bytes(VERIFIED))).isEmpty();
    }

    @Test
    void aChangedPayloadNoLongerMatchesItsSignature() {
        final String forged = VERIFIED.replace("cust-1", "cust-2");

        assertThat(verifier.verify(signed(VERIFIED, SECRET), bytes(forged))).isEmpty();
    }

    @Test
    void aWebhookWithoutSignatureOrWithAGarbledOneIsRejected() {
        assertThat(verifier.verify(Map.of(), bytes(VERIFIED))).isEmpty();
        assertThat(verifier.verify(Map.of("capa-signature", "not-hex"), bytes(VERIFIED))).isEmpty();
        assertThat(verifier.verify(Map.of("capa-signature", "abc"), bytes(VERIFIED))).isEmpty();
    }

    @Test
    void aSignedBodyThatIsNotAKycWebhookIsNotATrigger() {
        for (final String body : new String[] {"not json", "[1,2]",
                "{\"type\":\"TRANSACTION\",\"event\":\"COMPLETED_ON_RAMP\",\"externalUserId\":\"cust-1\"}",
                "{\"type\":\"KYC\",\"event\":\"VERIFIED_USER\"}", "{\"type\":\"KYC\",\"externalUserId\":\"cust-1\"}"}) {
            assertThat(verifier.verify(signed(body, SECRET), bytes(body))).as(body).isEmpty();
        }
    }

    @Test
    void theVerifierExistsWhereCapaIsConfiguredAndThenNeedsTheWebhookSecret() {
        assertThat(CapaCallbackVerifier.fromConfig(Config.of(Map.of()))).isEmpty();
        final Optional<CapaCallbackVerifier> configured = CapaCallbackVerifier.fromConfig(Config.of(Map.of(
                "KYC_PROVIDER_CAPA_URL", "https://staging-api.capa.fi", "KYC_PROVIDER_CAPA_WEBHOOK_SECRET", SECRET)));

        assertThat(configured).hasValueSatisfying(v -> assertThat(v.verify(signed(VERIFIED, SECRET), bytes(VERIFIED))).isPresent());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CapaCallbackVerifier.fromConfig(
                Config.of(Map.of("KYC_PROVIDER_CAPA_URL", "https://staging-api.capa.fi")))).isInstanceOf(RuntimeException.class);
    }

    private static Map<String, String> signed(final String body, final String secret) {
        return Map.of("capa-signature", CapaCallbackVerifier.signature(secret, bytes(body)), "content-type", "application/json");
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
