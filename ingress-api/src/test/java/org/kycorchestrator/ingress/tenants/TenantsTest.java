package org.kycorchestrator.ingress.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.kycorchestrator.tenants.ApiKeyHash;
import org.kycorchestrator.tenants.RateLimit;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.tenants.TenantsFile;
import org.kycorchestrator.tenants.VendorRouting;
import org.junit.jupiter.api.Test;

class TenantsTest {

    private final Tenants tenants = Tenants.demo("the-demo-key");

    @Test
    void theDemoKeyIdentifiesTheDemoTenantWithoutALimitAndWithTheBuiltInRouting() {
        final Tenant demo = tenants.byApiKey("the-demo-key").orElseThrow();

        assertThat(demo).isEqualTo(new Tenant(Tenants.DEMO_TENANT_ID));
        assertThat(demo.rateLimit()).isEmpty();
        assertThat(demo.routing()).isEqualTo(VendorRouting.demo());
        assertThat(demo.credentials()).isEmpty();
    }

    @Test
    void anyOtherKeyOrNoKeyIdentifiesNobody() {
        assertThat(tenants.byApiKey("the-demo-key ")).isEmpty();
        assertThat(tenants.byApiKey("")).isEmpty();
        assertThat(tenants.byApiKey(null)).isEmpty();
        // the hash itself is not a key
        assertThat(tenants.byApiKey(Tenants.sha256("the-demo-key"))).isEmpty();
    }

    @Test
    void keysAreKeptOnlyAsSha256Hashes() {
        assertThat(Tenants.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aTenantMayHaveSeveralKeysAndHashesMayBeWrittenInEitherCase() {
        final Tenant acme = new Tenant("acme");
        final Tenant globex = new Tenant("globex");
        final Tenants several = new Tenants(List.of(
                new ApiKeyHash(Tenants.sha256("old"), "2026-01", acme),
                new ApiKeyHash(Tenants.sha256("new").toUpperCase(), "2026-07", acme),
                new ApiKeyHash(Tenants.sha256("theirs"), null, globex)));

        assertThat(several.byApiKey("old")).contains(acme);
        assertThat(several.byApiKey("new")).contains(acme);
        assertThat(several.byApiKey("theirs")).contains(globex);
        assertThat(several.all()).containsExactly(acme, globex);
    }

    @Test
    void aKeyMustBeGivenAsItsHash() {
        assertThatThrownBy(() -> new ApiKeyHash("the-key-itself", null, new Tenant("acme")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hexadecimal digits");
    }

    @Test
    void aBucketIsRefilledInFullEveryBurstOverRate() {
        assertThat(new RateLimit(50, 100).refillPeriod()).hasMillis(2000);
        assertThat(new RateLimit(4, 1).refillPeriod()).hasMillis(250);
        assertThat(new RateLimit(0.5, 1).refillPeriod()).hasSeconds(2);
        assertThat(new Tenant("t", Optional.of(new RateLimit(1, 1)), VendorRouting.demo(), java.util.Map.of()).rateLimit())
                .contains(new RateLimit(1, 1));
    }
}
