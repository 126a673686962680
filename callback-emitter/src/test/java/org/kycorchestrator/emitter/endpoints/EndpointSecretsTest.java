package org.kycorchestrator.emitter.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

class EndpointSecretsTest {

    private static final Instant ROTATION_ENDS = Instant.parse("2026-01-02T00:00:00Z");

    @Test
    void anEndpointNeverRotatedSignsWithItsOneSecret() {
        assertThat(EndpointSecrets.signingAt(endpoint(null, null), ROTATION_ENDS)).containsExactly("whsec_new");
    }

    @Test
    void beforeThePreviousSecretExpiresBothSignNewestFirst() {
        assertThat(EndpointSecrets.signingAt(endpoint("whsec_old", ROTATION_ENDS), ROTATION_ENDS.minusMillis(1)))
                .containsExactly("whsec_new", "whsec_old");
    }

    @Test
    void fromTheExpiryOnOnlyTheNewSecretSigns() {
        final WebhookEndpoint endpoint = endpoint("whsec_old", ROTATION_ENDS);

        assertThat(List.of(EndpointSecrets.signingAt(endpoint, ROTATION_ENDS), EndpointSecrets.signingAt(endpoint, ROTATION_ENDS.plusSeconds(1))))
                .containsOnly(List.of("whsec_new"));
    }

    private static WebhookEndpoint endpoint(final String previousSecret, final Instant previousExpiresAt) {
        return WebhookEndpoint.newBuilder().setId("ep_1").setTenantId("t").setUrl("https://example.com/hook")
                .setSecret("whsec_new").setPreviousSecret(previousSecret).setPreviousSecretExpiresAt(previousExpiresAt)
                .setCreatedAt(Instant.EPOCH).build();
    }
}
