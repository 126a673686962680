package org.kycorchestrator.ingress.formats;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The profile's {@code pan}: India's Permanent Account Number, which Paycc (Digio underneath)
 * requires, shaped as Paycc documents it: five letters, four digits, a letter ({@code AAAAA9999A}),
 * in upper case. It is not a card number: no vendor of ours takes one, so there is no Luhn check.
 */
public final class IndianPan implements FieldFormat {

    private static final Pattern PAN = Pattern.compile("[A-Z]{5}[0-9]{4}[A-Z]");

    @Override
    public Optional<String> problem(final String value) {
        return PAN.matcher(value).matches() ? Optional.empty()
                : Optional.of("must be an Indian PAN: five letters, four digits and a letter, in upper case, e.g. ABCDE1234F");
    }
}
