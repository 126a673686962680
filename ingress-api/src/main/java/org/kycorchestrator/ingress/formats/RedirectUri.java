package org.kycorchestrator.ingress.formats;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a vendor's hosted flow sends the end user back: an {@code https} URL with a host, or a
 * custom app scheme for a mobile app ({@code myapp://callback}, {@code com.example.app:/kyc-done},
 * RFC 8252). Never plain {@code http} (the result would travel unencrypted), nor a scheme a browser
 * runs or opens locally ({@code javascript}, {@code data}, {@code file}, ...). No fragment (OAuth's
 * rule for redirect URIs, RFC 6749) and no user info, which only serves to disguise the host.
 */
public final class RedirectUri implements FieldFormat {

    /** Schemes that are not an app's own: the web's, the browser's, and the local system's. */
    private static final Set<String> REFUSED_SCHEMES = Set.of("http", "javascript", "data", "file", "vbscript", "blob", "about",
            "filesystem", "view-source", "ftp", "ws", "wss", "mailto", "tel", "sms", "intent", "content", "jar");
    private static final String EXPECTED = "must be an https URL or a custom app scheme such as myapp://callback";

    @Override
    public Optional<String> problem(final String value) {
        final URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of(EXPECTED);
        }
        if (uri.getScheme() == null) {
            return Optional.of(EXPECTED);
        }
        final String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (REFUSED_SCHEMES.contains(scheme)) {
            return Optional.of(EXPECTED + "; http, javascript, data, file and other browser schemes are refused");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment (#...)");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry user info (user@host)");
        }
        if ("https".equals(scheme) && (uri.getHost() == null || uri.getHost().isEmpty())) {
            return Optional.of("must be an https URL with a host name");
        }
        if (uri.getRawSchemeSpecificPart() == null || uri.getRawSchemeSpecificPart().isEmpty()) {
            return Optional.of(EXPECTED);
        }
        return Optional.empty();
    }

    /** Whether the URI uses an app's own scheme rather than https; some vendors take https only. */
    public static boolean isAppScheme(final String value) {
        return !value.regionMatches(true, 0, "https:", 0, "https:".length());
    }
}
