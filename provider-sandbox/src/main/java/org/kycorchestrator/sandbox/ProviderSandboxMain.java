package org.kycorchestrator.sandbox;

import java.util.concurrent.CountDownLatch;

import org.slf4j.LoggerFactory;

/**
 * Runs the provider sandbox on its own, configured from the environment (see {@link
 * SandboxSettings#fromConfig} and {@link GridSettings#fromConfig}); it stops when the JVM shuts
 * down (Ctrl-C, SIGTERM). With logback on the class path and no {@code -Dlogback.configurationFile},
 * it logs with {@code
 * provider-sandbox-logback.xml} (INFO, Jetty at WARN: Jetty's DEBUG output would dump request bodies).
 */
public final class ProviderSandboxMain {

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private ProviderSandboxMain() {
    }

    public static void main(final String[] args) {
        // before the first logger is created
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "provider-sandbox-logback.xml");
        }
        final ProviderSandbox sandbox = ProviderSandbox.start(SandboxSettings.fromConfig(System.getenv()),
                VendorSandboxSettings.fromConfig(System.getenv()));
        // a public key, safe to log: the receiver of the Grid webhooks verifies their signatures with it
        LoggerFactory.getLogger(ProviderSandboxMain.class).info(
                "Lightspark Grid webhooks are signed with this key (KYC_PROVIDER_GRID_WEBHOOK_PUBLIC_KEY):\n{}",
                sandbox.gridWebhookPublicKeyPem());
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sandbox.close();
            } finally {
                stopped.countDown();
            }
        }, "provider-sandbox-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
