package org.kycorchestrator.tenants;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * The tenants file as it is written (docs/tenants.md), field for field, before any check. Jackson
 * fills these plain fields as it reads (so an unknown field is reported at its own line), and each
 * part remembers where it starts, so that {@link TenantsFileCheck} can name the line of a mistake.
 */
final class TenantsFileShape {

    private TenantsFileShape() {
    }

    /** A part of the file, and where it starts. */
    abstract static class Part {
        @JsonIgnore
        int line;
        @JsonIgnore
        int column;
    }

    static final class Root extends Part {
        List<TenantEntry> tenants;
    }

    static final class TenantEntry extends Part {
        String id;
        List<KeyEntry> apiKeys;
        RateLimitEntry rateLimit;
        RoutingEntry routing;
        CredentialsEntry credentials;
    }

    static final class KeyEntry extends Part {
        String sha256;
        String label;
    }

    static final class RateLimitEntry extends Part {
        Double perSecond;
        Integer burst;
    }

    static final class RoutingEntry extends Part {
        List<RuleEntry> byCountry;
        @JsonProperty("default")
        RuleEntry otherwise;
    }

    static final class RuleEntry extends Part {
        List<String> countries;
        String vendor;
        String fallback;
    }

    static final class CredentialsEntry extends Part {
        XGatewayEntry xgateway;
        GridEntry grid;
        PayccEntry paycc;
        CapaEntry capa;
    }

    static final class XGatewayEntry extends Part {
        Secret apiKey;
        Secret callbackSecret;
    }

    static final class GridEntry extends Part {
        String clientId;
        Secret clientSecret;
        String webhookPublicKey;
    }

    static final class PayccEntry extends Part {
        String user;
        Secret password;
        String merchantCode;
    }

    static final class CapaEntry extends Part {
        Secret apiKey;
        Secret webhookSecret;
    }

    /** Has every {@link Part} remember the line and column it starts at. */
    static final class Locating extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyDeserializer(final DeserializationConfig config, final BeanDescription description,
                                                      final JsonDeserializer<?> deserializer) {
            return Part.class.isAssignableFrom(description.getBeanClass()) ? new LocatingDeserializer(deserializer) : deserializer;
        }
    }

    private static final class LocatingDeserializer extends DelegatingDeserializer {
        LocatingDeserializer(final JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(final JsonDeserializer<?> delegate) {
            return new LocatingDeserializer(delegate);
        }

        @Override
        public Object deserialize(final JsonParser parser, final DeserializationContext context) throws IOException {
            final JsonLocation start = parser.currentTokenLocation();
            final Object value = super.deserialize(parser, context);
            if (value instanceof Part part) {
                part.line = start.getLineNr();
                part.column = start.getColumnNr();
            }
            return value;
        }
    }
}
