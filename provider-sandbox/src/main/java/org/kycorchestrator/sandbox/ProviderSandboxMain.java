package org.kycorchestrator.sandbox;

import java.util.concurrent.CountDownLatch;

import org.kycorchestrator.sandbox.paycc.PayccSandboxSettings;
import org.kycorchestrator.sandbox.capa.CapaSandboxSettings;

/**
 * Runs the provider sandbox on its own, configured from the environment (see {@link
 * SandboxSettings#fromConfig}); it stops when the JVM shuts down (Ctrl-C, SIGTERM). With logback on
 * the class path and no {@code -Dlogback.configurationFile}, it logs with {@code
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
                PayccSandboxSettings.fromConfig(System.getenv()),
                CapaSandboxSettings.fromConfig(System.getenv()));
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
