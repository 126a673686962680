package org.kycorchestrator.ingress.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.ingress.IngressOnKafka.MY_KEY;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;

/**
 * docs/openapi.yaml and the server agree: every route the server has is documented, every
 * documented route is served, and {@code GET /openapi.json} serves the YAML's content, a valid
 * OpenAPI 3.1 document, to anyone.
 */
@ExtendWith(SharedKafka.class)
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Operations of the all-in-one app only (its schema registry and the case query between instances). */
    private static final String APP_ONLY = "internal";

    @Test
    void everyRouteTheServerHasIsDocumentedAndEveryDocumentedRouteIsServed(final EmbeddedKafkaBroker broker) {
        // given the API as deployed, with its health checks and metrics
        try (IngressOnKafka ingress = asDeployed(broker)) {
            // when its routes are listed from Javalin's router
            final Set<String> served = new TreeSet<>(ingress.routes());

            // then the two lists are the same, but for the app's own routes
            final OpenApiContract contract = OpenApiContract.fromClasspath();
            assertThat(served).as("routes of the server").isNotEmpty().allSatisfy(route ->
                    assertThat(contract.operations()).as("documented operations").contains(route));
            assertThat(contract.operationsNotTagged(APP_ONLY)).allSatisfy(operation ->
                    assertThat(served).as("routes of the server").contains(operation));
        }
    }

    @Test
    void openApiJsonServesTheYamlAsJsonWithoutAnApiKey(final EmbeddedKafkaBroker broker) throws Exception {
        try (IngressOnKafka ingress = asDeployed(broker)) {
            // when anyone asks for the document, without an API key
            final HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ingress.uri("/openapi.json")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then it is docs/openapi.yaml, as JSON
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            final JsonNode served = JSON.readTree(answer.body());
            assertThat(served).isEqualTo(OpenApiContract.fromClasspath().document());
            assertThat(served.path("openapi").asText()).startsWith("3.1.");
        }
    }

    @Test
    void theDocumentIsAValidOpenApi31Document() throws Exception {
        // given the document as it is served
        final String json = JSON.writeValueAsString(OpenApiContract.fromClasspath().document());

        // when a validating OpenAPI parser reads it, resolving every reference
        final ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        final SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, options);

        // then it has nothing to say about it
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getSpecVersion()).hasToString("V31");
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
    }

    private static IngressOnKafka asDeployed(final EmbeddedKafkaBroker broker) {
        return IngressOnKafka.startAsDeployed(broker, Map.of(),
                new Tenants(Map.of(Tenants.sha256(MY_KEY), new Tenant("openapi-" + UUID.randomUUID()))),
                customerId -> new CaseReader.NotFound());
    }
}
