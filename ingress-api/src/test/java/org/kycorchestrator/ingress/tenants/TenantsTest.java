package org.kycorchestrator.ingress.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantsTest {

    private final Tenants tenants = Tenants.demo("the-demo-key");

    @Test
    void theDemoKeyIdentifiesTheDemoTenant() {
        assertThat(tenants.byApiKey("the-demo-key")).contains(new Tenant(Tenants.DEMO_TENANT_ID));
    }

    @Test
    void anyOtherKeyOrNoKeyIdentifiesNobody() {
        assertThat(tenants.byApiKey("the-demo-key ")).isEmpty();
        assertThat(tenants.byApiKey("")).isEmpty();
        assertThat(tenants.byApiKey(null)).isEmpty();
    }

    @Test
    void keysAreKeptOnlyAsSha256Hashes() {
        assertThat(Tenants.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
