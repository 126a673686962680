package org.kycorchestrator.tenants;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.kycorchestrator.tenants.TenantsFileShape.CredentialsEntry;
import org.kycorchestrator.tenants.TenantsFileShape.KeyEntry;
import org.kycorchestrator.tenants.TenantsFileShape.Part;
import org.kycorchestrator.tenants.TenantsFileShape.RateLimitEntry;
import org.kycorchestrator.tenants.TenantsFileShape.RoutingEntry;
import org.kycorchestrator.tenants.TenantsFileShape.RuleEntry;
import org.kycorchestrator.tenants.TenantsFileShape.TenantEntry;
import org.kycorchestrator.schemas.Vendor;

/**
 * Turns the tenants file as written into {@link TenantDirectory}, checking every part on the way. The
 * first mistake stops it, with the line, the column and the path of the part it is in.
 */
final class TenantsFileCheck {

    /** A tenant's limit when the file gives none. */
    static final RateLimit DEFAULT_RATE_LIMIT = new RateLimit(50, 100);

    private static final String TENANT_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final int MAX_LABEL = 100;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final String VENDORS = Arrays.stream(Vendor.values())
            .map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));

    private final String source;
    private final Map<String, String> firstOfId = new HashMap<>();
    private final Map<String, String> firstOfKey = new HashMap<>();

    private TenantsFileCheck(final String source) {
        this.source = source;
    }

    static TenantDirectory tenants(final TenantsFileShape.Root root, final String source) {
        return new TenantsFileCheck(source).tenants(root);
    }

    private TenantDirectory tenants(final TenantsFileShape.Root root) {
        if (root.tenants == null || root.tenants.isEmpty()) {
            throw mistake(root, "tenants", "must list at least one tenant");
        }
        final List<ApiKeyHash> keys = new ArrayList<>();
        for (int t = 0; t < root.tenants.size(); t++) {
            final String path = "tenants[" + t + "]";
            final TenantEntry entry = present(root.tenants.get(t), root, path);
            final Tenant tenant = tenant(entry, path);
            for (int k = 0; k < entry.apiKeys.size(); k++) {
                keys.add(key(present(entry.apiKeys.get(k), entry, path + ".apiKeys[" + k + "]"), path + ".apiKeys[" + k + "]", tenant));
            }
        }
        return new TenantDirectory(keys);
    }

    private Tenant tenant(final TenantEntry entry, final String path) {
        if (entry.id == null || !entry.id.matches(TENANT_ID)) {
            throw mistake(entry, path, "id is required: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        final String earlier = firstOfId.putIfAbsent(entry.id, path);
        if (earlier != null) {
            throw mistake(entry, path, "tenant " + entry.id + " is already " + earlier);
        }
        if (entry.apiKeys == null || entry.apiKeys.isEmpty()) {
            throw mistake(entry, path, "apiKeys must list at least one key of tenant " + entry.id);
        }
        return new Tenant(entry.id,
                Optional.of(entry.rateLimit == null ? DEFAULT_RATE_LIMIT : rateLimit(entry.rateLimit, path + ".rateLimit")),
                entry.routing == null ? VendorRouting.demo() : routing(entry.routing, path + ".routing"),
                entry.credentials == null ? Map.of() : credentials(entry.credentials, path + ".credentials"));
    }

    private ApiKeyHash key(final KeyEntry key, final String path, final Tenant tenant) {
        if (!ApiKeyHash.isSha256Hex(key.sha256)) {
            throw mistake(key, path, "sha256 must be the key's SHA-256 as 64 hexadecimal digits "
                    + "(printf %s \"$KEY\" | sha256sum), never the key itself");
        }
        if (key.label != null && key.label.length() > MAX_LABEL) {
            throw mistake(key, path, "label must be at most " + MAX_LABEL + " characters");
        }
        final String hash = key.sha256.toLowerCase(Locale.ROOT);
        final String earlier = firstOfKey.putIfAbsent(hash, path);
        if (earlier != null) {
            throw mistake(key, path, "the same key is already " + earlier + "; a key identifies one tenant");
        }
        return new ApiKeyHash(hash, key.label, tenant);
    }

    private RateLimit rateLimit(final RateLimitEntry limit, final String path) {
        if (limit.perSecond == null) {
            throw mistake(limit, path, "perSecond is required");
        }
        // Without a burst, the bucket holds one second's worth.
        final int burst = limit.burst != null ? limit.burst
                : (int) Math.max(1, Math.min(RateLimit.MAX_BURST, Math.ceil(limit.perSecond)));
        return checked(limit, path, () -> new RateLimit(limit.perSecond, burst));
    }

    private VendorRouting routing(final RoutingEntry routing, final String path) {
        if (routing.otherwise == null) {
            throw mistake(routing, path, "default is required: the vendor of customers whose country no rule names");
        }
        if (routing.otherwise.countries != null) {
            throw mistake(routing.otherwise, path + ".default", "default applies to every other country: it takes no countries");
        }
        final Map<String, VendorRouting.Rule> rules = new HashMap<>();
        final Map<String, String> ruleOfCountry = new HashMap<>();
        final List<RuleEntry> entries = routing.byCountry == null ? List.of() : routing.byCountry;
        for (int r = 0; r < entries.size(); r++) {
            final String rulePath = path + ".byCountry[" + r + "]";
            final RuleEntry entry = present(entries.get(r), routing, rulePath);
            if (entry.countries == null || entry.countries.isEmpty()) {
                throw mistake(entry, rulePath, "countries must list at least one country");
            }
            final VendorRouting.Rule rule = rule(entry, rulePath);
            for (String written : entry.countries) {
                final String country = country(entry, rulePath, written);
                final String earlier = ruleOfCountry.putIfAbsent(country, rulePath);
                if (earlier != null) {
                    throw mistake(entry, rulePath, country + " is already routed by " + earlier);
                }
                rules.put(country, rule);
            }
        }
        return new VendorRouting(rules, rule(routing.otherwise, path + ".default"));
    }

    private VendorRouting.Rule rule(final RuleEntry entry, final String path) {
        if (entry.vendor == null) {
            throw mistake(entry, path, "vendor is required: one of " + VENDORS);
        }
        final Vendor vendor = vendor(entry, path, "vendor", entry.vendor);
        final Optional<Vendor> fallback = Optional.ofNullable(entry.fallback).map(name -> vendor(entry, path, "fallback", name));
        if (fallback.isPresent() && fallback.get() == vendor) {
            throw mistake(entry, path, "fallback must be another vendor than " + entry.vendor);
        }
        return new VendorRouting.Rule(vendor, fallback);
    }

    private Map<Vendor, VendorCredentials> credentials(final CredentialsEntry entry, final String path) {
        final Map<Vendor, VendorCredentials> byVendor = new HashMap<>();
        if (entry.xgateway != null) {
            byVendor.put(Vendor.XGATEWAY, checked(entry.xgateway, path + ".xgateway",
                    () -> new VendorCredentials.XGateway(entry.xgateway.apiKey, entry.xgateway.callbackSecret)));
        }
        if (entry.grid != null) {
            byVendor.put(Vendor.GRID, checked(entry.grid, path + ".grid",
                    () -> new VendorCredentials.Grid(entry.grid.clientId, entry.grid.clientSecret, entry.grid.webhookPublicKey)));
        }
        if (entry.paycc != null) {
            byVendor.put(Vendor.PAYCC, checked(entry.paycc, path + ".paycc",
                    () -> new VendorCredentials.Paycc(entry.paycc.user, entry.paycc.password, entry.paycc.merchantCode)));
        }
        if (entry.capa != null) {
            byVendor.put(Vendor.CAPA, checked(entry.capa, path + ".capa",
                    () -> new VendorCredentials.Capa(entry.capa.apiKey, entry.capa.webhookSecret)));
        }
        return byVendor;
    }

    private Vendor vendor(final Part part, final String path, final String field, final String name) {
        try {
            return Vendor.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw mistake(part, path, field + " must be one of " + VENDORS + ", not '" + name + "'");
        }
    }

    private String country(final Part part, final String path, final String written) {
        final String country = written == null ? "" : written.trim().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(country)) {
            throw mistake(part, path, "countries: '" + written + "' is not an ISO 3166 alpha-2 country code");
        }
        return country;
    }

    private <T> T present(final T entry, final Part parent, final String path) {
        if (entry == null) {
            throw mistake(parent, path, "is empty");
        }
        return entry;
    }

    /** Builds a value whose own constructor checks it, placing its complaint. */
    private <T> T checked(final Part part, final String path, final Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw mistake(part, path, e.getMessage());
        }
    }

    private TenantsFile.BadTenantsFile mistake(final Part part, final String path, final String message) {
        final String where = part.line > 0 ? "line " + part.line + ", column " + part.column + ": " : "";
        return new TenantsFile.BadTenantsFile(source + ": " + where + path + ": " + message, null);
    }
}
