package org.kycorchestrator.tenants;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.kycorchestrator.schemas.Vendor;

/**
 * Which vendor verifies a new customer: the one the merchant named, or the tenant's vendor for the
 * customer's country; when that vendor's circuit is open and the rule has a fallback, the fallback.
 * The reasons say which, and they end up on the case and its first event.
 */
public record VendorRouting(Map<String, Rule> byCountry, Rule otherwise) {

    /** The vendor for a country, and where to go while it is unavailable. */
    public record Rule(Vendor primary, Optional<Vendor> fallback) {
        public Rule {
            Objects.requireNonNull(primary, "primary cannot be null");
            Objects.requireNonNull(fallback, "fallback cannot be null");
        }
    }

    public record Decision(Vendor vendor, List<String> reasons) {
    }

    static final Set<String> EEA_AND_GB = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU",
            "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB");

    private static final VendorRouting DEMO = demoRouting();

    /** {@code byCountry} is keyed by upper-case ISO 3166 alpha-2 code; {@code otherwise} is the rule of every other country. */
    public VendorRouting {
        byCountry = Map.copyOf(Objects.requireNonNull(byCountry, "byCountry cannot be null"));
        Objects.requireNonNull(otherwise, "otherwise cannot be null");
    }

    /**
     * The demo tenant's routing: MX and DO to Capa, IN to Paycc, the EEA and GB to xGateway (falling
     * back to Grid), everything else to Grid.
     */
    public static VendorRouting demo() {
        return DEMO;
    }

    private static VendorRouting demoRouting() {
        final Map<String, Rule> rules = new java.util.HashMap<>();
        rules.put("MX", new Rule(Vendor.CAPA, Optional.empty()));
        rules.put("DO", new Rule(Vendor.CAPA, Optional.empty()));
        rules.put("IN", new Rule(Vendor.PAYCC, Optional.empty()));
        EEA_AND_GB.forEach(country -> rules.put(country, new Rule(Vendor.XGATEWAY, Optional.of(Vendor.GRID))));
        return new VendorRouting(rules, new Rule(Vendor.GRID, Optional.empty()));
    }

    public Decision route(final String country, final Vendor requested, final Predicate<Vendor> circuitOpen) {
        if (requested != null) {
            return new Decision(requested, List.of("requested_by_merchant"));
        }
        final Rule rule = country == null ? otherwise : byCountry.getOrDefault(country.toUpperCase(Locale.ROOT), otherwise);
        final List<String> reasons = new ArrayList<>(List.of("routed_by_country"));
        if (circuitOpen.test(rule.primary()) && rule.fallback().isPresent()) {
            reasons.add("failover_from_" + rule.primary().name().toLowerCase(Locale.ROOT));
            return new Decision(rule.fallback().get(), reasons);
        }
        return new Decision(rule.primary(), reasons);
    }
}
