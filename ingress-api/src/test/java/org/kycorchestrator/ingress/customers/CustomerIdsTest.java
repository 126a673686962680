package org.kycorchestrator.ingress.customers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.tenants.Tenant;

class CustomerIdsTest {

    @Test
    void theSameExternalIdOfTheSameTenantIsTheSameCustomer() {
        assertThat(CustomerRoutes.customerId(new Tenant("a"), "user-1")).isEqualTo(CustomerRoutes.customerId(new Tenant("a"), "user-1"));
    }

    @Test
    void twoTenantsWithTheSameExternalIdAreTwoCustomers() {
        assertThat(CustomerRoutes.customerId(new Tenant("a"), "user-1")).isNotEqualTo(CustomerRoutes.customerId(new Tenant("b"), "user-1"));
    }
}
