package org.kycorchestrator.ingress.formats;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** An ISO 3166-1 alpha-2 country code, in upper case, from the JDK's list of assigned codes. */
public final class CountryCode implements FieldFormat {

    private static final Set<String> ASSIGNED = Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));

    @Override
    public Optional<String> problem(final String value) {
        return ASSIGNED.contains(value) ? Optional.empty()
                : Optional.of("must be an ISO 3166-1 alpha-2 country code in upper case, e.g. GB or MX");
    }
}
