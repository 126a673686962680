package org.kycorchestrator.ingress.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.config.RoutesConfig;

/**
 * The API's OpenAPI 3.1 description, {@code docs/openapi.yaml}, served as {@code GET /openapi.json}.
 * The YAML in docs/ is the only source (the build puts it on the classpath); it is read and turned
 * into JSON once, at start-up, so a document that does not parse stops the start rather than a
 * request. No API key is needed: the description is public.
 */
public final class OpenApiDocument {

    public static final String PATH = "/openapi.json";
    /** Where the build puts docs/openapi.yaml on the classpath (in this package, so no other jar's can shadow it). */
    public static final String RESOURCE = "org/kycorchestrator/ingress/openapi/openapi.yaml";

    private final byte[] json;

    private OpenApiDocument(final byte[] json) {
        this.json = json;
    }

    /** The document on the classpath; fails when it is missing or is not YAML. */
    public static OpenApiDocument fromClasspath() {
        try (InputStream yaml = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (yaml == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath; the build copies it from docs/");
            }
            final JsonNode tree = new YAMLMapper().readTree(yaml);
            return new OpenApiDocument(new ObjectMapper().writeValueAsBytes(tree));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public void register(final RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.contentType("application/json").result(json));
    }

    /** The document as JSON, as it is served. */
    public byte[] json() {
        return json.clone();
    }
}
