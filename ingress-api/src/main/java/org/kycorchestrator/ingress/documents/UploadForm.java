package org.kycorchestrator.ingress.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.Part;
import org.kycorchestrator.ingress.http.ApiError;

/**
 * The fields of an upload form, checked all at once so that the merchant learns every problem in
 * one answer: {@code type} (required), {@code side} (required for two-sided kinds, refused for
 * one-sided ones) and {@code file} (required, not empty). Any other field, or a field given twice,
 * is refused too. Messages name the field, never the value or the file's name, which may be
 * personal data.
 */
final class UploadForm {

    static final String TYPE = "type";
    static final String SIDE = "side";
    static final String FILE = "file";
    private static final Set<String> FIELDS = Set.of(TYPE, SIDE, FILE);
    private static final int MAX_TEXT_BYTES = 64;

    /** A checked form: the kind in upper case, the side ({@code FRONT}, {@code BACK} or null) and the file's part. */
    record Checked(DocumentKinds kind, String side, Part file) {
    }

    private final List<ApiError.Problem> problems = new ArrayList<>();

    static Checked check(final Collection<Part> parts) throws IOException {
        return new UploadForm().read(parts);
    }

    private Checked read(final Collection<Part> parts) throws IOException {
        final Map<String, Part> byName = new HashMap<>();
        for (Part part : parts) {
            final String name = part.getName();
            if (name == null || name.isEmpty()) {
                problem("every part of the form needs a name");
            } else if (!FIELDS.contains(name)) {
                problem(name + " is not a known field");
            } else if (byName.putIfAbsent(name, part) != null) {
                problem(name + " must be given once");
            }
        }
        final DocumentKinds kind = kind(text(byName.get(TYPE), TYPE));
        final String side = side(kind, text(byName.get(SIDE), SIDE));
        final Part file = byName.get(FILE);
        if (file == null) {
            problem("file is required");
        } else if (file.getSize() == 0) {
            problem("file must not be empty");
        }
        if (!problems.isEmpty()) {
            throw new ApiError(400, problems);
        }
        return new Checked(kind, side, file);
    }

    private DocumentKinds kind(final String type) {
        if (type == null) {
            if (problems.stream().noneMatch(p -> p.message().startsWith(TYPE + " "))) {
                problem("type is required");
            }
            return null;
        }
        return DocumentKinds.named(type).orElseGet(() -> {
            problem("type must be one of " + DocumentKinds.names());
            return null;
        });
    }

    private String side(final DocumentKinds kind, final String given) {
        final String side = given == null ? null : DocumentKinds.side(given).orElse(null);
        if (given != null && side == null) {
            problem("side must be front or back");
            return null;
        }
        if (kind == null) {
            return side;
        }
        if (kind.sides() == DocumentKinds.Sides.REQUIRED && side == null && given == null) {
            problem("side is required for " + kind.name() + ": front or back, one upload each");
        }
        if (kind.sides() == DocumentKinds.Sides.NONE && given != null) {
            problem("side does not apply to " + kind.name() + ", which has one side");
            return null;
        }
        return side;
    }

    /** A short text field's value, or null when absent; a blank or over-long one is a problem. */
    private String text(final Part part, final String name) throws IOException {
        if (part == null) {
            return null;
        }
        if (part.getSubmittedFileName() != null) {
            problem(name + " must be a text field, not a file");
            return null;
        }
        final byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readNBytes(MAX_TEXT_BYTES + 1);
        }
        final String value = new String(bytes, StandardCharsets.UTF_8).trim();
        if (bytes.length > MAX_TEXT_BYTES) {
            problem(name + " must be at most " + MAX_TEXT_BYTES + " characters");
            return null;
        }
        if (value.isEmpty()) {
            problem(name + " must not be empty");
            return null;
        }
        return value;
    }

    private void problem(final String message) {
        problems.add(new ApiError.Problem("bad_request", message));
    }
}
