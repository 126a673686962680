package org.kycorchestrator.emitter.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    // The example of the Standard Webhooks specification.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void signsTheSpecificationsExampleAsTheSpecificationDoes() {
        // when
        final String signature = WebhookSigner.of(SECRET).signature(MESSAGE_ID, TIMESTAMP, BODY);

        // then
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aSignatureVerifiesWithTheStandardWebhooksLibrary() {
        // given
        final long now = Instant.now().getEpochSecond();

        // when
        final String signature = WebhookSigner.of(SECRET).signature(MESSAGE_ID, now, BODY);

        // then
        assertThatCode(() -> new Webhook(SECRET).verify(BODY, headers(now, signature))).doesNotThrowAnyException();
    }

    @Test
    void severalSecretsGiveSpaceSeparatedSignaturesThatEachSecretVerifies() {
        // given
        final String newSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString("a brand new secret key".getBytes());
        final long now = Instant.now().getEpochSecond();

        // when
        final String signature = WebhookSigner.of(List.of(SECRET, newSecret)).signature(MESSAGE_ID, now, BODY);

        // then
        assertThat(signature.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        assertThatCode(() -> new Webhook(SECRET).verify(BODY, headers(now, signature))).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(newSecret).verify(BODY, headers(now, signature))).doesNotThrowAnyException();
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> WebhookSigner.of("whsec_not*base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a webhook secret is not valid base64");
    }

    @Test
    void theSignerDoesNotShowItsSecrets() {
        assertThat(WebhookSigner.of(SECRET).toString()).doesNotContain("MfKQ9r8");
    }

    private static Map<String, List<String>> headers(final long timestamp, final String signature) {
        return Map.of("webhook-id", List.of(MESSAGE_ID),
                "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
