package org.kycorchestrator.emitter.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.schemas.webhooks.WebhookEndpoint;

class EndpointTableTest {

    private final EndpointTable table = new EndpointTable();

    @Test
    void anEventGoesToTheTenantsEnabledEndpointsSubscribedToItsTypeOrToAll() {
        // given
        table.put("all", endpoint("all", "tenant-a", true, "*"));
        table.put("approved", endpoint("approved", "tenant-a", true, "kyc.approved"));
        table.put("rejected", endpoint("rejected", "tenant-a", true, "kyc.hard_kyc_failed"));
        table.put("disabled", endpoint("disabled", "tenant-a", false, "*"));
        table.put("other-tenant", endpoint("other-tenant", "tenant-b", true, "*"));

        // when
        final List<WebhookEndpoint> subscribers = table.subscribers("tenant-a", "kyc.approved");

        // then
        assertThat(subscribers).extracting(WebhookEndpoint::getId).containsExactlyInAnyOrder("all", "approved");
    }

    @Test
    void aDeletedEndpointGetsNothingMore() {
        // given
        table.put("ep", endpoint("ep", "tenant-a", true, "*"));

        // when
        table.put("ep", null);

        // then
        assertThat(table.subscribers("tenant-a", "kyc.created")).isEmpty();
        assertThat(table.find("ep")).isEmpty();
    }

    @Test
    void aNewVersionOfAnEndpointReplacesTheOldOne() {
        // given
        table.put("ep", endpoint("ep", "tenant-a", true, "*"));

        // when
        table.put("ep", endpoint("ep", "tenant-a", false, "*"));

        // then
        assertThat(table.subscribers("tenant-a", "kyc.created")).isEmpty();
    }

    private static WebhookEndpoint endpoint(final String id, final String tenantId, final boolean enabled, final String... types) {
        return WebhookEndpoint.newBuilder()
                .setId(id)
                .setTenantId(tenantId)
                .setUrl("https://merchant.example/hooks")
                .setEventTypes(List.of(types))
                .setSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .setEnabled(enabled)
                .setCreatedAt(Instant.parse("2024-05-01T10:00:00Z"))
                .build();
    }
}
