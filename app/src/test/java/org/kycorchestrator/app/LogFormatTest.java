package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The production logging configuration ({@code logback.xml} of the app's jar), loaded into a
 * logging context of its own: one JSON object per line, with the request id from the MDC; and plain
 * lines when {@code KYC_LOG_FORMAT=text}.
 */
class LogFormatTest {

    @Test
    void productionLinesAreJsonObjectsWithTheRequestIdAndTheStackTrace() throws Exception {
        final List<String> lines = logWithProductionConfig(null);

        assertThat(lines).hasSize(2);
        final JsonNode info = ApiClient.JSON.readTree(lines.get(0));
        assertThat(info.path("message").asText()).isEqualTo("customer cust-1 registered");
        assertThat(info.path("level").asText()).isEqualTo("INFO");
        assertThat(info.path("logger_name").asText()).isEqualTo("org.kycorchestrator.test");
        assertThat(info.path("requestId").asText()).isEqualTo("req-7");
        assertThat(info.has("@timestamp")).isTrue();
        final JsonNode warning = ApiClient.JSON.readTree(lines.get(1));
        assertThat(warning.path("stack_trace").asText()).startsWith("java.lang.IllegalStateException: broken");
    }

    @Test
    void textFormatIsOneReadableLinePerEventWithTheRequestId() throws Exception {
        final List<String> lines = logWithProductionConfig("text");

        assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .* org\\.kycorchestrator\\.test req-7 - customer cust-1 registered");
    }

    /** Logs two events through the production configuration and answers what reached standard output. */
    private static List<String> logWithProductionConfig(final String format) throws Exception {
        // The JVM's own logging starts first, so that what it prints at start is not taken for ours.
        org.slf4j.LoggerFactory.getILoggerFactory();
        final LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        if (format != null) {
            context.putProperty("KYC_LOG_FORMAT", format);
        }
        final URL production = LogFormatTest.class.getResource("/logback.xml");
        assertThat(production).as("the app's logback.xml").isNotNull();
        final PrintStream original = System.out;
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            final JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(production);
            final Logger log = context.getLogger("org.kycorchestrator.test");
            MDC.put("requestId", "req-7");
            log.info("customer {} registered", "cust-1");
            log.warn("it failed", new IllegalStateException("broken"));
        } finally {
            MDC.remove("requestId");
            context.stop();
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank() && !line.startsWith("\t")
                && !line.startsWith("java.lang.")).toList();
    }
}
