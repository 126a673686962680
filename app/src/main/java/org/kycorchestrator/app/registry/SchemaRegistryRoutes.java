package org.kycorchestrator.app.registry;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.apache.avro.SchemaParseException;

/**
 * The subset of the Confluent Schema Registry REST API that Avro serdes use, served under
 * {@code /schema-registry}, with Confluent's error bodies ({@code {"error_code","message"}}).
 */
public final class SchemaRegistryRoutes {

    public static final String PREFIX = "/schema-registry";
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaStore store;

    public SchemaRegistryRoutes(final SchemaStore store) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
    }

    public void register(final RoutesConfig routes) {
        routes.post(PREFIX + "/subjects/{subject}/versions", this::registerSchema);
        routes.get(PREFIX + "/schemas/ids/{id}", this::schemaById);
        routes.get(PREFIX + "/subjects", ctx -> answer(ctx, 200, store.subjects()));
        routes.get(PREFIX + "/subjects/{subject}/versions", ctx -> store.versions(ctx.pathParam("subject"))
                .ifPresentOrElse(v -> answer(ctx, 200, v), () -> subjectNotFound(ctx)));
        routes.get(PREFIX + "/subjects/{subject}/versions/{version}", ctx -> store.version(ctx.pathParam("subject"), ctx.pathParam("version"))
                .ifPresentOrElse(v -> answer(ctx, 200, Map.of("subject", v.subject(), "version", v.version(), "id", v.id(), "schema", v.schema())),
                        () -> error(ctx, 404, 40402, "Version not found.")));
    }

    private void registerSchema(final Context ctx) {
        final JsonNode body;
        try {
            body = JSON.readTree(ctx.bodyAsBytes());
        } catch (Exception e) {
            error(ctx, 422, 42201, "Invalid schema: the body is not JSON");
            return;
        }
        final JsonNode schemaType = body == null ? null : body.get("schemaType");
        if (body == null || !body.path("schema").isTextual() || schemaType != null && !"AVRO".equals(schemaType.asText())) {
            error(ctx, 422, 42201, "Invalid schema: an Avro schema is required in the field schema");
            return;
        }
        try {
            answer(ctx, 200, Map.of("id", store.register(ctx.pathParam("subject"), body.get("schema").asText())));
        } catch (SchemaParseException e) {
            error(ctx, 422, 42201, "Invalid schema: " + e.getMessage());
        } catch (SchemaStore.IncompatibleSchemaException e) {
            error(ctx, 409, 409, e.getMessage());
        }
    }

    private void schemaById(final Context ctx) {
        final int id;
        try {
            id = Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            error(ctx, 404, 40403, "Schema not found");
            return;
        }
        store.schema(id).ifPresentOrElse(s -> answer(ctx, 200, Map.of("schema", s)), () -> error(ctx, 404, 40403, "Schema not found"));
    }

    private static void subjectNotFound(final Context ctx) {
        error(ctx, 404, 40401, "Subject not found.");
    }

    private static void error(final Context ctx, final int status, final int code, final String message) {
        answer(ctx, status, Map.of("error_code", code, "message", message));
    }

    private static void answer(final Context ctx, final int status, final Object body) {
        try {
            ctx.status(status).contentType(CONTENT_TYPE).result(JSON.writeValueAsBytes(body));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the registry's answer", e);
        }
    }
}
