package org.kycorchestrator.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real embedded broker per test JVM, shared by every test class that declares
 * {@code @ExtendWith(SharedKafka.class)}. It is the same {@link EmbeddedKafkaBroker} the app runs,
 * started on the first use and stopped when the JVM's tests are done. Tests keep apart by using
 * their own customer ids, consumer groups and application ids.
 */
public final class SharedKafka implements BeforeAllCallback, ParameterResolver {

    private static final String KEY = SharedKafka.class.getName();

    @Override
    public void beforeAll(final ExtensionContext context) {
        broker(context);
    }

    /** The running shared broker; only valid inside a test class using this extension. */
    public static EmbeddedKafkaBroker broker(final ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, key -> new Resource(), Resource.class).broker;
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
        return broker(context);
    }

    private static final class Resource implements ExtensionContext.Store.CloseableResource {
        private final EmbeddedKafkaBroker broker;

        Resource() {
            try {
                final Path dir = Files.createTempDirectory("kyc-test-kafka");
                broker = new EmbeddedKafkaBroker(dir, 0).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            broker.stop();
        }
    }
}
