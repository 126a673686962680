package org.kycorchestrator.ingress.formats;

import java.util.Optional;

/**
 * The format a text field of a request must have. A refusal completes a sentence that starts with
 * the field's path ({@code "profile.email must be ..."}) and never repeats the value: most of these
 * fields are personal data, and answers end up in merchants' logs and ours.
 */
@FunctionalInterface
public interface FieldFormat {

    /** Empty when {@code value} (trimmed, never null) has this format; otherwise what it must be. */
    Optional<String> problem(String value);
}
