package org.kycorchestrator.workers.xgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kycorchestrator.workers.callbacks.CallbackTrigger;

class XGatewayCallbackVerifierTest {

    private final XGatewayCallbackVerifier verifier = new XGatewayCallbackVerifier("merchant-secret");

    @Test
    void aCallbackWithTheDocumentedHashIsATriggerForItsCustomer() {
        final String hash = XGatewayCallbackVerifier.expectedHash("cust-1", "merchant-secret");

        assertThat(verifier.verify(Map.of(), body("cust-1", "FULL_USER", hash)))
                .contains(new CallbackTrigger("cust-1", "FULL_USER"));
    }

    @Test
    void theHashIsBase64OfSha512OfCustomerIdDotSecret() {
        // echo -n 'cust-1.merchant-secret' | openssl dgst -sha512 -binary | base64
        assertThat(XGatewayCallbackVerifier.expectedHash("cust-1", "merchant-secret"))
                .isEqualTo("g2s7ZJGO48aNWd9aUm3ACo5tIhwVa8wBVLHpQ8G0RlQMkyPkH4mrAPu4eR2C9iJJ9y/8m3qGKgfz5O8RYaIrYA==");
    }

    @Test
    void aCallbackSignedForAnotherCustomerOrWithAnotherSecretIsRefused() {
        final String otherCustomersHash = XGatewayCallbackVerifier.expectedHash("cust-2", "merchant-secret");
        final String otherSecretsHash = XGatewayCallbackVerifier.expectedHash("cust-1", "someone-else");

        assertThat(verifier.verify(Map.of(), body("cust-1", "FULL_USER", otherCustomersHash))).isEmpty();
        assertThat(verifier.verify(Map.of(), body("cust-1", "FULL_USER", otherSecretsHash))).isEmpty();
    }

    @Test
    void aBodyThatIsNotACallbackIsRefused() {
        assertThat(verifier.verify(Map.of(), "not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(verifier.verify(Map.of(), "[1,2]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(verifier.verify(Map.of(), "{\"customerId\":\"cust-1\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    private static byte[] body(final String customerId, final String status, final String hash) {
        return ("{\"callbackType\":\"kyc\",\"customerId\":\"" + customerId + "\",\"docsMissing\":[],\"kycRejectLabel\":null,"
                + "\"kycEndUserErrorMessage\":null,\"status\":\"" + status + "\",\"hash\":\"" + hash + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
