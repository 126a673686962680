package org.kycorchestrator.ingress.formats;

import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * A phone number in E.164 form ({@code +}, the country code and the number, at most 15 digits, no
 * spaces) that is a valid number in its country's numbering plan, as libphonenumber knows it. The
 * vendors get it in one form: Paycc's worker drops {@code +91}, Capa takes it as it is.
 */
public final class E164Phone implements FieldFormat {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Override
    public Optional<String> problem(final String value) {
        if (!E164.matcher(value).matches()) {
            return Optional.of("must be an E.164 phone number: +, the country code and the number, without spaces, e.g. +442071234567");
        }
        try {
            // "ZZ": no default region, the country code in the number decides.
            if (PHONES.isValidNumber(PHONES.parse(value, "ZZ"))) {
                return Optional.empty();
            }
        } catch (NumberParseException e) {
            // Falls through to the same refusal as a number that parses but is not in use.
        }
        return Optional.of("must be a phone number that exists in its country's numbering plan");
    }
}
