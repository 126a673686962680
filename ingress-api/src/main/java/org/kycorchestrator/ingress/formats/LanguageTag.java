package org.kycorchestrator.ingress.formats;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A BCP 47 language tag naming a language, e.g. {@code en}, {@code es-MX}, {@code zh-Hant-TW}:
 * well formed (the JDK's strict parser accepts it) and written as it reads back (so {@code en_US},
 * grandfathered and private-use-only tags are refused; letter case does not matter). The language
 * is an ISO 639 code: two letters from the JDK's list, or three ({@code fil}, {@code yue}); the
 * longer subtags BCP 47 reserves for future registration name no language yet.
 */
public final class LanguageTag implements FieldFormat {

    private static final Set<String> TWO_LETTER_LANGUAGES = Set.of(Locale.getISOLanguages());

    @Override
    public Optional<String> problem(final String value) {
        final Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(value).build();
        } catch (IllformedLocaleException e) {
            return refusal();
        }
        final String language = locale.getLanguage();
        final boolean knownLanguage = language.length() == 3 || TWO_LETTER_LANGUAGES.contains(language);
        if (!knownLanguage || !locale.toLanguageTag().equalsIgnoreCase(value)) {
            return refusal();
        }
        return Optional.empty();
    }

    private static Optional<String> refusal() {
        return Optional.of("must be a BCP 47 language tag, with hyphens, e.g. en or es-MX");
    }
}
