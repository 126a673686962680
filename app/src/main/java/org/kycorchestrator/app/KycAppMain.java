package org.kycorchestrator.app;

import org.kycorchestrator.config.CommonPool;
import org.kycorchestrator.config.Config;

/** {@code java -jar app/target/kyc-orchestrator.jar}: the whole system on one machine. */
public final class KycAppMain {

    /** The base64 SHA-256 of an empty document, to try the agreements route with. */
    private static final String EXAMPLE_HASH = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    private KycAppMain() {
    }

    public static void main(final String[] args) {
        CommonPool.atLeastTwoThreads();
        final KycApp app = KycApp.start(Config.fromEnvironment());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "kyc-app-shutdown"));
        // With a tenants file there is no demo key: the curl lines want one of the file's keys.
        final String key = app.demoApiKey() == null ? "<an API key of KYC_TENANTS_FILE>" : app.demoApiKey();
        final String base = app.baseUrl();
        System.out.printf("""

                KYC orchestrator ready in %d ms on %s
                API key: %s

                Try it:
                  curl -s -X POST %s/v1/webhook-endpoints -H 'x-api-key: %s' -H 'content-type: application/json' \\
                       -d '{"url":"https://example.com/kyc-webhooks"}'
                  curl -s -X POST %s/v1/customers -H 'x-api-key: %s' -H 'content-type: application/json' -H 'Prefer: wait=10' \\
                       -d '{"externalId":"merchant-user-1","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","country":"GB"}}'
                  curl -s -X POST %s/v1/customers/<customerId>/kyc/applicant -H 'x-api-key: %s' -H 'Prefer: wait=10'
                  curl -s -X POST %s/v1/customers/<customerId>/kyc/agreements -H 'x-api-key: %s' -H 'content-type: application/json' -H 'Prefer: wait=10' \\
                       -d '{"privacyPolicyHash":"%s","termsAndConditionsHash":"%s"}'
                  curl -s -X POST %s/v1/customers/<customerId>/kyc/link -H 'x-api-key: %s' -H 'content-type: application/json' -H 'Prefer: wait=10' -d '{"locale":"en"}'
                  curl -s -X POST %s/v1/customers/<customerId>/kyc/verification -H 'x-api-key: %s' -H 'Prefer: wait=10'
                  curl -s %s/v1/customers/<customerId>/kyc -H 'x-api-key: %s'
                  curl -s %s/v1/customers/<customerId>/kyc/events -H 'x-api-key: %s'

                """, app.startupTime().toMillis(), base, key, base, key, base, key, base, key, base, key, EXAMPLE_HASH, EXAMPLE_HASH,
                base, key, base, key, base, key, base, key);
    }
}
