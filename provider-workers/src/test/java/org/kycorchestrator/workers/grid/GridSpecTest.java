package org.kycorchestrator.workers.grid;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Our OpenAPI description of Grid is strict enough to catch a wrong request or answer. */
class GridSpecTest {

    private static final String BASIC = "Basic Z3JpZC1pZDpncmlkLXNlY3JldA==";
    private static final String CUSTOMERS = GridStub.BASE_PATH + "/customers";

    @Test
    void aWellFormedCreateIsAccepted() {
        assertThatCode(() -> GridSpec.assertValidRequest(post(CUSTOMERS, Map.of("authorization", BASIC),
                "{\"platformCustomerId\":\"cust-1\",\"customerType\":\"INDIVIDUAL\",\"fullName\":\"Ada Lovelace\"}")))
                .doesNotThrowAnyException();
    }

    @Test
    void aRequestWithoutCredentialsOrWithAWrongBodyIsCaught() {
        final String body = "{\"customerType\":\"INDIVIDUAL\"}";
        assertThatThrownBy(() -> GridSpec.assertValidRequest(post(CUSTOMERS, Map.of(), body))).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> GridSpec.assertValidRequest(post(CUSTOMERS, Map.of("authorization", BASIC),
                "{\"fullName\":\"Ada Lovelace\"}"))).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> GridSpec.assertValidRequest(post(CUSTOMERS, Map.of("authorization", BASIC),
                "{\"customerType\":\"INDIVIDUAL\",\"firstName\":\"Ada\"}"))).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> GridSpec.assertValidRequest(post(CUSTOMERS + "/Customer:1/kyc-link", Map.of("authorization", BASIC),
                "{\"redirectUri\":\"ftp://example.com\"}"))).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> GridSpec.assertValidRequest(new GridStub.Seen("DELETE", CUSTOMERS + "/Customer:1", null,
                Map.of("authorization", BASIC), ""))).isInstanceOf(AssertionError.class);
    }

    @Test
    void anAnswerThatBreaksGridsShapesIsCaught() {
        assertThatThrownBy(() -> GridSpec.assertValidResponse("POST", CUSTOMERS + "/Customer:1/kyc-link", 201, Map.of(),
                "{\"kycUrl\":\"https://kyc.example/x\",\"provider\":\"SUMSUB\"}")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> GridSpec.assertValidResponse("GET", CUSTOMERS + "/Customer:1", 404, Map.of(),
                "{\"success\":false,\"errors\":[{\"code\":\"not_found\",\"message\":\"no\"}]}")).isInstanceOf(AssertionError.class);
    }

    private static GridStub.Seen post(final String path, final Map<String, String> headers, final String body) {
        final Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("content-type", "application/json");
        return new GridStub.Seen("POST", path, null, all, body);
    }
}
