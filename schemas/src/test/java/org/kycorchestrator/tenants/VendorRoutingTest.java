package org.kycorchestrator.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.schemas.Vendor;

class VendorRoutingTest {

    private final VendorRouting demo = VendorRouting.demo();

    @ParameterizedTest(name = "a customer from {0} goes to {1}")
    @CsvSource({"MX, CAPA", "DO, CAPA", "IN, PAYCC", "GB, XGATEWAY", "DE, XGATEWAY", "NO, XGATEWAY", "US, GRID", "BR, GRID", "gb, XGATEWAY"})
    void theDemoTenantRoutesByCountry(final String country, final Vendor vendor) {
        assertThat(demo.route(country, null, v -> false)).isEqualTo(new VendorRouting.Decision(vendor, List.of("routed_by_country")));
    }

    @Test
    void aCustomerWithoutACountryGoesToTheDefaultVendor() {
        assertThat(demo.route(null, null, v -> false).vendor()).isEqualTo(Vendor.GRID);
    }

    @Test
    void theVendorTheMerchantNamesWinsOverTheCountry() {
        assertThat(demo.route("MX", Vendor.GRID, v -> false)).isEqualTo(new VendorRouting.Decision(Vendor.GRID, List.of("requested_by_merchant")));
    }

    @Test
    void whileThePrimarysCircuitIsOpenNewCasesGoToTheFallbackAndSaySo() {
        assertThat(demo.route("FR", null, v -> v == Vendor.XGATEWAY))
                .isEqualTo(new VendorRouting.Decision(Vendor.GRID, List.of("routed_by_country", "failover_from_xgateway")));
    }

    @Test
    void withoutAFallbackTheCaseStaysWithItsVendorAndWaitsForIt() {
        assertThat(demo.route("IN", null, v -> true).vendor()).isEqualTo(Vendor.PAYCC);
    }
}
