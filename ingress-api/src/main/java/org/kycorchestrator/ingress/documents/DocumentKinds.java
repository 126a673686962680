package org.kycorchestrator.ingress.documents;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of document a merchant may add, and which sides each has: an identity document, a
 * selfie or a proof of address, as the {@code DocumentRef} record names them. ID cards and driving
 * licences are uploaded one side at a time (vendors want both); a residence permit may come as one
 * file or two sides; the rest are one file without a side.
 */
enum DocumentKinds {
    SELFIE(Sides.NONE),
    PASSPORT(Sides.NONE),
    ID_CARD(Sides.REQUIRED),
    DRIVERS(Sides.REQUIRED),
    RESIDENCE_PERMIT(Sides.OPTIONAL),
    UTILITY_BILL(Sides.NONE);

    enum Sides { NONE, OPTIONAL, REQUIRED }

    /** The sides as they travel on topics; the API takes them in any case. */
    static final List<String> SIDE_NAMES = List.of("FRONT", "BACK");

    private static final Map<String, DocumentKinds> BY_NAME = Map.of(
            "SELFIE", SELFIE, "PASSPORT", PASSPORT, "ID_CARD", ID_CARD, "DRIVERS", DRIVERS,
            "RESIDENCE_PERMIT", RESIDENCE_PERMIT, "UTILITY_BILL", UTILITY_BILL);

    private final Sides sides;

    DocumentKinds(final Sides sides) {
        this.sides = sides;
    }

    Sides sides() {
        return sides;
    }

    static Optional<DocumentKinds> named(final String name) {
        return Optional.ofNullable(BY_NAME.get(name.toUpperCase(Locale.ROOT)));
    }

    static Optional<String> side(final String name) {
        final String upper = name.toUpperCase(Locale.ROOT);
        return SIDE_NAMES.contains(upper) ? Optional.of(upper) : Optional.empty();
    }

    static String names() {
        return String.join(", ", BY_NAME.keySet().stream().sorted().toList());
    }
}
