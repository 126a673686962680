package org.kycorchestrator.workers.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;

/** Our OpenAPI description of Grid (src/test/resources/openapi/grid.yaml), as assertions. */
final class GridSpec {

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(GridSpec.class.getResource("/openapi/grid.yaml").toString())
            .build();

    private GridSpec() {
    }

    /** The request is one Grid's API takes: path, method, parameters, headers, security and body. */
    static void assertValidRequest(final GridStub.Seen seen) {
        final SimpleRequest.Builder request = new SimpleRequest.Builder(seen.method(), seen.path());
        seen.headers().forEach(request::withHeader);
        if (seen.query() != null) {
            for (final String pair : seen.query().split("&")) {
                final int equals = pair.indexOf('=');
                request.withQueryParam(decode(equals < 0 ? pair : pair.substring(0, equals)),
                        equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        if (!seen.body().isEmpty()) {
            request.withBody(seen.body());
        }
        assertNoErrors(VALIDATOR.validateRequest(request.build()), seen.method() + " " + seen.path());
    }

    /** The canned answer is one Grid's API gives for this operation and status. */
    static void assertValidResponse(final String method, final String path, final int status, final Map<String, String> headers,
                                    final String body) {
        final SimpleResponse.Builder response = SimpleResponse.Builder.status(status).withContentType("application/json")
                .withBody(body);
        headers.forEach(response::withHeader);
        assertNoErrors(VALIDATOR.validateResponse(path, Request.Method.valueOf(method), response.build()),
                status + " to " + method + " " + path);
    }

    private static void assertNoErrors(final ValidationReport report, final String what) {
        assertThat(report.hasErrors()).as("%s against openapi/grid.yaml:%n%s", what,
                SimpleValidationReportFormat.getInstance().apply(report)).isFalse();
    }

    private static String decode(final String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
