package org.kycorchestrator.ingress.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

/**
 * docs/openapi.yaml as a contract an answer can be checked against: the operation is looked up by
 * method and route (or by the path sent, matched against the documented templates), the status must
 * be one the operation documents, the headers it requires must be there and match their schemas,
 * and the body must have a documented media type and validate against its JSON Schema 2020-12
 * schema (OpenAPI 3.1's dialect, formats asserted).
 *
 * <p>Two answers hold on every route, before any route runs, and so are accepted without being
 * listed per operation: a method the path does not have is a 404 or 405 in the error envelope, and
 * so is a path the API does not have.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "https://kyc-orchestrator.invalid/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final OpenApiContract CLASSPATH = new OpenApiContract(read());

    private final JsonNode document;
    private final JsonSchema root;
    private final Map<String, Pattern> templates;

    private OpenApiContract(final JsonNode document) {
        this.document = document;
        final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(OpenApi31.getInstance())
                .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
        final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        this.root = factory.getSchema(SchemaLocation.of(BASE), document, config);
        final Map<String, Pattern> byTemplate = new java.util.LinkedHashMap<>();
        document.path("paths").fieldNames().forEachRemaining(template -> byTemplate.put(template, Pattern.compile(
                Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q"))));
        this.templates = byTemplate;
    }

    /** The contract in docs/openapi.yaml, as the build puts it on the classpath. */
    public static OpenApiContract fromClasspath() {
        return CLASSPATH;
    }

    public JsonNode document() {
        return document;
    }

    /** Every documented operation, as "METHOD /template", e.g. "GET /v1/customers/{id}/kyc". */
    public Set<String> operations() {
        return operations(tag -> true);
    }

    /** The documented operations none of whose tags is {@code tag}. */
    public Set<String> operationsNotTagged(final String tag) {
        return operations(tags -> !tags.contains(tag));
    }

    private Set<String> operations(final java.util.function.Predicate<List<String>> keep) {
        final Set<String> operations = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            final List<String> tags = new ArrayList<>();
            operation.getValue().path("tags").forEach(tag -> tags.add(tag.asText()));
            if (METHODS.contains(operation.getKey()) && keep.test(tags)) {
                operations.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    /** The documented template a path sent matches, e.g. "/v1/customers/{id}/kyc" for "/v1/customers/42/kyc". */
    public Optional<String> templateOf(final String path) {
        if (templates.containsKey(path)) {
            return Optional.of(path);
        }
        return templates.entrySet().stream().filter(t -> t.getValue().matcher(path).matches()).map(Map.Entry::getKey).findFirst();
    }

    /** Everything about the answer that the contract does not allow; empty when it conforms. */
    public List<String> violations(final Exchange exchange) {
        final List<String> violations = new ArrayList<>();
        final String template = exchange.route() != null ? exchange.route() : templateOf(exchange.path()).orElse(null);
        if (template == null || !document.path("paths").has(template)) {
            if (exchange.route() != null) {
                violations.add("the server's route " + exchange.route() + " is not documented");
            } else {
                requireGeneralRefusal(exchange, violations, "a path the API does not document");
            }
            return violations;
        }
        final String method = exchange.method().toLowerCase(Locale.ROOT);
        final JsonNode pathItem = document.path("paths").path(template);
        final JsonNodePath at = new JsonNodePath(PathType.JSON_POINTER).append("paths").append(template);
        if ("head".equals(method) && !pathItem.has("head") && pathItem.has("get") && exchange.body().isEmpty()
                && exchange.status() < 300) {
            // HTTP's HEAD: the GET's answer without its body.
            return violations;
        }
        if (!pathItem.has(method)) {
            requireGeneralRefusal(exchange, violations, "a method " + template + " does not document");
            return violations;
        }
        final JsonNode responses = pathItem.path(method).path("responses");
        final String status = Integer.toString(exchange.status());
        final String key = responses.has(status) ? status : responses.has("default") ? "default" : null;
        if (key == null) {
            violations.add(exchange.title() + ": status " + status + " is not documented for " + method.toUpperCase(Locale.ROOT)
                    + " " + template + " (documented: " + names(responses) + ")");
            return violations;
        }
        final Resolved response = resolve(responses.path(key), at.append(method).append("responses").append(key));
        checkHeaders(exchange, response, violations);
        checkBody(exchange, response, violations);
        return violations;
    }

    /**
     * What the contract says against a JSON request body the server accepted (so that the documented
     * request schemas are never stricter than the API); empty when it conforms, or when the
     * operation is not documented (which the answer's check reports).
     */
    public List<String> acceptedRequestViolations(final String method, final String path, final String body) {
        final List<String> violations = new ArrayList<>();
        final String template = templateOf(path).orElse(null);
        final String operation = method.toLowerCase(Locale.ROOT);
        if (template == null || !document.path("paths").path(template).has(operation)) {
            return violations;
        }
        final JsonNodePath at = new JsonNodePath(PathType.JSON_POINTER).append("paths").append(template).append(operation);
        final JsonNode declared = document.path("paths").path(template).path(operation).path("requestBody");
        if (declared.isMissingNode()) {
            return violations;
        }
        final Resolved requestBody = resolve(declared, at.append("requestBody"));
        if (body == null || body.isEmpty()) {
            if (requestBody.node().path("required").asBoolean(false)) {
                violations.add(method + " " + path + ": the body the contract requires was not sent, yet the request was accepted");
            }
            return violations;
        }
        if (!requestBody.node().path("content").has("application/json") && requestBody.node().path("content").has("*/*")) {
            // A body of any kind, e.g. a vendor's own callback.
            return violations;
        }
        if (!requestBody.node().path("content").has("application/json")) {
            violations.add(method + " " + path + ": a JSON body was accepted where the contract documents none");
            return violations;
        }
        final Exchange asIf = new Exchange(method, template, path, 0, Map.of(), body);
        validate(asIf, new Resolved(requestBody.node().path("content").path("application/json").path("schema"),
                requestBody.at().append("content").append("application/json").append("schema")), violations);
        return violations;
    }

    /** Throws an {@link AssertionError} naming every violation of the exchange, if any. */
    public void requireConforms(final Exchange exchange) {
        final List<String> violations = violations(exchange);
        if (!violations.isEmpty()) {
            throw new AssertionError("The answer does not conform to docs/openapi.yaml: " + exchange.title() + "\n  "
                    + String.join("\n  ", violations) + "\n  body: " + abbreviated(exchange.body()));
        }
    }

    private void requireGeneralRefusal(final Exchange exchange, final List<String> violations, final String what) {
        if (exchange.status() != 404 && exchange.status() != 405) {
            violations.add(exchange.title() + ": " + what + " may only be answered 404 or 405, not " + exchange.status());
            return;
        }
        final JsonNodePath envelope = new JsonNodePath(PathType.JSON_POINTER).append("components").append("schemas").append("ErrorEnvelope");
        validate(exchange, new Resolved(document.path("components").path("schemas").path("ErrorEnvelope"), envelope), violations);
    }

    private void checkHeaders(final Exchange exchange, final Resolved response, final List<String> violations) {
        final JsonNode headers = response.node().path("headers");
        headers.fields().forEachRemaining(entry -> {
            final Resolved header = resolve(entry.getValue(), response.at().append("headers").append(entry.getKey()));
            final String value = exchange.header(entry.getKey());
            if (value == null) {
                if (header.node().path("required").asBoolean(false)) {
                    violations.add(exchange.title() + ": the header " + entry.getKey() + " is required");
                }
                return;
            }
            final Set<ValidationMessage> messages = root.getSubSchema(header.at().append("schema")).validate(TextNode.valueOf(value));
            messages.forEach(m -> violations.add(exchange.title() + ": header " + entry.getKey() + ": " + m.getMessage()));
        });
    }

    private void checkBody(final Exchange exchange, final Resolved response, final List<String> violations) {
        final JsonNode content = response.node().path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (!exchange.body().isEmpty()) {
                violations.add(exchange.title() + ": a body where the contract documents none");
            }
            return;
        }
        final String contentType = exchange.header("content-type");
        final String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        final String documented = content.has(mediaType) ? mediaType
                : content.has(mediaType.replaceAll("/.*", "/*")) ? mediaType.replaceAll("/.*", "/*")
                : content.has("*/*") ? "*/*" : null;
        if (documented == null) {
            violations.add(exchange.title() + ": content type " + contentType + " is not documented (documented: " + names(content) + ")");
            return;
        }
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            validate(exchange, new Resolved(content.path(documented).path("schema"),
                    response.at().append("content").append(documented).append("schema")), violations);
        }
    }

    private void validate(final Exchange exchange, final Resolved schema, final List<String> violations) {
        final JsonNode body;
        try {
            body = JSON.readTree(exchange.body());
        } catch (JsonProcessingException e) {
            violations.add(exchange.title() + ": the body is not JSON");
            return;
        }
        if (body == null || body.isMissingNode()) {
            violations.add(exchange.title() + ": the body is empty where JSON is documented");
            return;
        }
        root.getSubSchema(schema.at()).validate(body)
                .forEach(m -> violations.add(exchange.title() + ": body: " + m.getMessage()));
    }

    /** Follows a Reference Object to what it names, keeping where that is in the document. */
    private Resolved resolve(final JsonNode node, final JsonNodePath at) {
        JsonNode current = node;
        JsonNodePath where = at;
        for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
            final String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local references are supported, not " + ref);
            }
            where = new JsonNodePath(PathType.JSON_POINTER);
            for (String token : ref.substring(2).split("/")) {
                where = where.append(token.replace("~1", "/").replace("~0", "~"));
            }
            current = document.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("the reference " + ref + " names nothing");
            }
        }
        return new Resolved(current, where);
    }

    private static String names(final JsonNode object) {
        final List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return String.join(", ", names);
    }

    private static String abbreviated(final String body) {
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }

    private static JsonNode read() {
        try (InputStream yaml = OpenApiContract.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
            if (yaml == null) {
                throw new IllegalStateException(OpenApiDocument.RESOURCE + " is not on the classpath");
            }
            return new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node of the document and where it is, so that its references resolve from there. */
    private record Resolved(JsonNode node, JsonNodePath at) {
    }
}
