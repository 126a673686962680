package org.kycorchestrator.tenants;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.kycorchestrator.config.Config;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@value #CONFIG}, the YAML file of tenants (docs/tenants.md): their ids, the SHA-256 hashes
 * of their API keys, rate limits, vendor routing and vendor credentials. A credential written
 * {@code ${NAME}} is read from the environment variable {@code NAME}, so secrets can stay out of the
 * file. Any mistake stops start-up with a {@link BadTenantsFile} that names the line and the field.
 */
public final class TenantsFile {

    public static final String CONFIG = "KYC_TENANTS_FILE";

    private static final Pattern ENVIRONMENT_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** Why the tenants file cannot be used; the message names the line and the field. */
    public static final class BadTenantsFile extends IllegalStateException {
        public BadTenantsFile(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    private TenantsFile() {
    }

    /** The tenants of {@value #CONFIG}; empty when it is not set. */
    public static Optional<TenantDirectory> fromConfig(final Config config) {
        return config.find(CONFIG).map(file -> load(Path.of(file), config));
    }

    /** The tenants of a file; {@code environment} resolves its {@code ${NAME}} credentials. */
    public static TenantDirectory load(final Path file, final Config environment) {
        Objects.requireNonNull(file, "file cannot be null");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, CONFIG + " " + file, environment);
        } catch (IOException e) {
            throw new BadTenantsFile(CONFIG + " " + file + " cannot be read: " + e, e);
        }
    }

    /** The tenants of YAML text; {@code source} names it in errors. */
    public static TenantDirectory read(final Reader yaml, final String source, final Config environment) {
        final TenantsFileShape.Root root;
        try {
            root = mapper(environment).readValue(yaml, TenantsFileShape.Root.class);
        } catch (MismatchedInputException e) {
            if (e.getMessage().startsWith("No content to map")) {
                throw new BadTenantsFile(source + ": the file is empty; it must list tenants", e);
            }
            throw new BadTenantsFile(source + ": " + where(e) + describe(e), e);
        } catch (JsonProcessingException e) {
            throw new BadTenantsFile(source + ": " + where(e) + describe(e), e);
        } catch (IOException e) {
            throw new BadTenantsFile(source + " cannot be read: " + e, e);
        }
        if (root == null) {
            throw new BadTenantsFile(source + ": the file is empty; it must list tenants", null);
        }
        return TenantsFileCheck.tenants(root, source);
    }

    private static ObjectMapper mapper(final Config environment) {
        final YAMLFactory yaml = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        final YAMLMapper mapper = YAMLMapper.builder(yaml)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .addModule(new SimpleModule()
                        .addDeserializer(Secret.class, new SecretReader(environment))
                        .setDeserializerModifier(new TenantsFileShape.Locating()))
                .build();
        // A list is written as a list: "countries: MX" is a mistake, not a list of one.
        mapper.coercionConfigFor(LogicalType.Collection).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return mapper;
    }

    /** Reads a credential, resolving {@code ${NAME}} from the environment. */
    private static final class SecretReader extends StdScalarDeserializer<Secret> {
        private final transient Config environment;

        SecretReader(final Config environment) {
            super(Secret.class);
            this.environment = Objects.requireNonNull(environment, "environment cannot be null");
        }

        @Override
        public Secret deserialize(final JsonParser parser, final DeserializationContext context) throws IOException {
            if (!parser.currentToken().isScalarValue()) {
                return (Secret) context.handleUnexpectedToken(Secret.class, parser);
            }
            final String text = parser.getValueAsString();
            final Matcher reference = ENVIRONMENT_REFERENCE.matcher(text);
            if (!reference.matches()) {
                return new Secret(text);
            }
            final String name = reference.group(1);
            return new Secret(environment.find(name).orElseThrow(() ->
                    JsonMappingException.from(parser, "environment variable " + name + " is not set")));
        }
    }

    /** Where the value in question starts (Jackson's own location can be the token after it). */
    private static String where(final JsonProcessingException e) {
        final JsonLocation location = syntaxError(e) == null && e.getProcessor() instanceof JsonParser parser
                ? parser.currentTokenLocation() : e.getLocation();
        return location == null || location.getLineNr() < 1 ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    /** The field's path (tenants[0].rateLimit.burst) and the problem, in words. */
    private static String describe(final JsonProcessingException e) {
        final MarkedYAMLException syntax = syntaxError(e);
        if (syntax != null) {
            // Context and problem only: the quoted line of the file could hold a secret.
            return "not valid YAML: " + (syntax.getContext() == null ? "" : syntax.getContext() + ": ") + syntax.getProblem();
        }
        if (!(e instanceof JsonMappingException mapping)) {
            return e.getOriginalMessage();
        }
        final String path = path(mapping);
        final String at = path.isEmpty() ? "the file " : path + ": ";
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            return at + "unknown field; the known fields here are " + unknown.getKnownPropertyIds();
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return at + "must be " + expected(mismatch.getTargetType());
        }
        return at + mapping.getOriginalMessage();
    }

    private static MarkedYAMLException syntaxError(final Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked) {
                return marked;
            }
        }
        return null;
    }

    private static String path(final JsonMappingException e) {
        final StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(final Class<?> type) {
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return type == Integer.class ? "a whole number" : "a number";
        }
        if (type == String.class || type == Secret.class) {
            return "text";
        }
        return "a mapping of fields";
    }
}
