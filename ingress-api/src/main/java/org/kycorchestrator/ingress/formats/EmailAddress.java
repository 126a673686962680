package org.kycorchestrator.ingress.formats;

import java.util.Optional;

import org.apache.commons.validator.routines.EmailValidator;

/**
 * An e-mail address a vendor can write to: the shapes RFC 5321 allows, on a domain with a real
 * top-level domain (the IANA list commons-validator carries), so {@code ada@localhost} and
 * {@code ada@example.con} are refused.
 */
public final class EmailAddress implements FieldFormat {

    private static final EmailValidator EMAILS = EmailValidator.getInstance(false, false);

    @Override
    public Optional<String> problem(final String value) {
        return EMAILS.isValid(value) ? Optional.empty() : Optional.of("must be an e-mail address, e.g. ada@example.com");
    }
}
