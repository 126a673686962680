package org.kycorchestrator.workers.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.providers.ApplicantCreated;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.tenants.TenantDirectory;
import org.kycorchestrator.tenants.TenantsFile;
import org.kycorchestrator.workers.vendors.VendorAdapter;
import org.kycorchestrator.workers.xgateway.XGatewayAdapter;

/** Which account serves a tenant at a vendor: its own where it has one, else the deployment's. */
class VendorAccountsTest {

    private static final String KEY = "0".repeat(64);
    private static final String OTHER_KEY = "1".repeat(64);

    // given a deployment with accounts at xGateway, Grid and Capa (no Paycc),
    // acme with its own accounts at xGateway and Paycc, and globex with none
    private static final String TENANTS = """
            tenants:
              - id: acme
                apiKeys: [{sha256: %s}]
                credentials:
                  xgateway: {apiKey: acme-xgw-key, callbackSecret: acme-xgw-secret}
                  paycc: {user: acme, password: acme-pw, merchantCode: MIDACME}
              - id: globex
                apiKeys: [{sha256: %s}]
            """.formatted(KEY, OTHER_KEY);

    private static final Config DEPLOYMENT = Config.of(Map.of(
            "KYC_PROVIDER_XGATEWAY_URL", "http://xgateway.invalid/api/v2",
            "KYC_PROVIDER_XGATEWAY_API_KEY", "deployment-xgw-key",
            "KYC_PROVIDER_GRID_URL", "http://grid.invalid",
            "KYC_PROVIDER_GRID_CLIENT_ID", "deployment-grid-id",
            "KYC_PROVIDER_GRID_CLIENT_SECRET", "deployment-grid-secret",
            "KYC_PROVIDER_CAPA_URL", "http://capa.invalid",
            "KYC_PROVIDER_CAPA_API_KEY", "deployment-capa-key",
            "KYC_PROVIDER_PAYCC_URL", "http://paycc.invalid/api"));

    @ParameterizedTest(name = "{0} at {1} is served by {2}")
    @CsvSource(delimiter = '|', value = {
            // tenant     | vendor   | account
            "acme         | XGATEWAY | acme",
            "acme         | PAYCC    | acme",
            "acme         | GRID     | deployment",
            "acme         | CAPA     | deployment",
            "globex       | XGATEWAY | deployment",
            "globex       | GRID     | deployment",
            "globex       | PAYCC    | none",
            "unknown      | XGATEWAY | deployment",
            "unknown      | PAYCC    | none"})
    void eachTenantIsServedByItsOwnAccountElseTheDeployments(final String tenant, final Vendor vendor, final String account) {
        // given named adapters for every account
        final VendorAccounts accounts = new VendorAccounts(
                List.of(named(Vendor.XGATEWAY, "deployment"), named(Vendor.GRID, "deployment"), named(Vendor.CAPA, "deployment")),
                Map.of("acme", List.of(named(Vendor.XGATEWAY, "acme"), named(Vendor.PAYCC, "acme")), "globex", List.of()));

        // when the adapter of the tenant at the vendor is chosen
        final Optional<VendorAdapter> chosen = accounts.adapterFor(tenant, vendor);

        // then it is the expected account's, or none when neither has one
        assertThat(chosen.map(adapter -> ((Named) adapter).account()).orElse("none")).isEqualTo(account);
        assertThat(accounts.hasOwnAccount(tenant, vendor)).isEqualTo("acme".equals(account));
    }

    @Test
    void theTenantsFileGivesEachTenantItsOwnAdaptersOnceAndTheDeploymentsForTheRest() {
        // given the deployment's settings and the tenants file, Paycc's deployment account configured too
        final Config config = DEPLOYMENT.with("KYC_PROVIDER_PAYCC_USER", "u").with("KYC_PROVIDER_PAYCC_PASSWORD", "p")
                .with("KYC_PROVIDER_PAYCC_MERCHANT_CODE", "MID");

        // when the accounts are built at start
        final VendorAccounts accounts = VendorAccounts.fromConfig(config, HttpClient.newHttpClient(), Optional.of(tenants()));

        // then acme's xGateway adapter is its own, built once, and globex's is the deployment's
        final VendorAdapter acmeXGateway = accounts.adapterFor("acme", Vendor.XGATEWAY).orElseThrow();
        assertThat(acmeXGateway).isInstanceOf(XGatewayAdapter.class).isSameAs(accounts.adapterFor("acme", Vendor.XGATEWAY).orElseThrow());
        assertThat(acmeXGateway).isNotSameAs(accounts.adapterFor("globex", Vendor.XGATEWAY).orElseThrow());
        assertThat(accounts.adapterFor("acme", Vendor.GRID)).containsSame(accounts.adapterFor("globex", Vendor.GRID).orElseThrow());
        assertThat(accounts.deploymentAdapters()).hasSize(4).doesNotContain(acmeXGateway);
    }

    @Test
    void aTenantsAccountAtAVendorWithoutAUrlStopsStartUp() {
        // given acme's Paycc account, and no Paycc URL in the deployment
        final Config config = Config.of(Map.of("KYC_PROVIDER_XGATEWAY_URL", "http://xgateway.invalid/api/v2",
                "KYC_PROVIDER_XGATEWAY_API_KEY", "deployment-xgw-key"));

        // then building the accounts stops, naming the tenant and the missing setting
        assertThatThrownBy(() -> VendorAccounts.fromConfig(config, HttpClient.newHttpClient(), Optional.of(tenants())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("tenant acme has credentials for paycc, but KYC_PROVIDER_PAYCC_URL is not set: "
                        + "the provider workers cannot call that vendor");
    }

    @Test
    void twoAccountsOfOneOwnerAtOneVendorAreAMistake() {
        assertThatThrownBy(() -> VendorAccounts.deploymentOnly(List.of(named(Vendor.GRID, "a"), named(Vendor.GRID, "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the deployment has two accounts at GRID");
    }

    private static TenantDirectory tenants() {
        return TenantsFile.read(new StringReader(TENANTS), "test tenants", Config.of(Map.of()));
    }

    private static VendorAdapter named(final Vendor vendor, final String account) {
        return new Named(vendor, account);
    }

    /** An adapter that only says whose account it is; choosing one never calls it. */
    private record Named(Vendor vendor, String account) implements VendorAdapter {
        @Override
        public CompletableFuture<Void> createProfile(final ProviderRequest request,
                                                                          final CreateVendorProfile profile) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<ApplicantCreated> createApplicant(
                final ProviderRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<LinkIssued> requestLink(
                final ProviderRequest request, final IssueLink link) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> startVerification(final ProviderRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<StatusObserved> fetchStatus(
                final ProviderRequest request) {
            throw new UnsupportedOperationException();
        }
    }
}
