package org.kycorchestrator.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kycorchestrator.config.Config;

/**
 * Decides which addresses a merchant's webhook may reach, so a webhook URL cannot be turned against
 * our own network (SSRF). Pure: no I/O, no DNS. The emitter asks it about every address a name
 * resolves to, at connect time; the ingress asks it about the URL at registration, where only what
 * the URL spells out (an IP literal in any spelling, or a wildcard-DNS name embedding one) is known.
 *
 * <p>Forbidden always: link-local, CGNAT (100.64/10), multicast, unspecified, reserved, and the cloud
 * metadata addresses. Loopback and private ranges are forbidden unless {@value #ALLOW_PRIVATE} is
 * true (the embedded quick start sets it). Addresses embedded in IPv6 (IPv4-mapped, IPv4-compatible,
 * 6to4, NAT64) are judged as the IPv4 address they carry. IPv4 text is read the way inet_aton reads
 * it (decimal, octal and hex parts, one to four of them), because that is how a resolver would.
 *
 * <p>This lives in {@code schemas} because both the ingress and the emitter need it and it needs only
 * the JDK; putting it in the emitter would make the ingress depend on the emitter and its HTTP client.
 */
public final class AddressPolicy {

    public static final String ALLOW_PRIVATE = "KYC_WEBHOOK_ALLOW_PRIVATE";
    public static final String REQUIRE_HTTPS = "KYC_WEBHOOK_REQUIRE_HTTPS";

    private static final byte[] AWS_METADATA_V6 = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x54};
    /** Names that resolve, by convention or RFC 6761, to loopback without asking anyone. */
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "lvh.me", "localtest.me");
    /** Public wildcard-DNS services that answer a name with the IP address written inside it. */
    private static final Set<String> WILDCARD_DNS = Set.of("nip.io", "sslip.io", "xip.io");
    private static final Pattern DOTTED = Pattern.compile("(?:^|[.-])((?:\\d{1,3}[.-]){3}\\d{1,3})(?:$|[.-])");
    private static final Pattern HEX8 = Pattern.compile("(?:^|[.-])([0-9a-f]{8})$");

    private final boolean allowPrivate;
    private final boolean requireHttps;

    private AddressPolicy(final boolean allowPrivate, final boolean requireHttps) {
        this.allowPrivate = allowPrivate;
        this.requireHttps = requireHttps;
    }

    public static AddressPolicy of(final boolean allowPrivate, final boolean requireHttps) {
        return new AddressPolicy(allowPrivate, requireHttps);
    }

    /** {@value #ALLOW_PRIVATE} (default false) and {@value #REQUIRE_HTTPS} (default: not allowPrivate). */
    public static AddressPolicy from(final Config config) {
        final boolean allowPrivate = bool(config, ALLOW_PRIVATE, false);
        return new AddressPolicy(allowPrivate, bool(config, REQUIRE_HTTPS, !allowPrivate));
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    public boolean requiresHttps() {
        return requireHttps;
    }

    /** Why a connection to {@code address} is refused, or empty if it may be dialled. */
    public Optional<String> refusal(final InetAddress address) {
        Objects.requireNonNull(address, "address cannot be null");
        final byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            if (java.util.Arrays.equals(bytes, AWS_METADATA_V6)) {
                return Optional.of("a cloud metadata address");
            }
            final byte[] embedded = embeddedIpv4(bytes);
            return embedded == null ? refusalV6(bytes) : refusalV4(embedded).map(r -> r + " (embedded in IPv6)");
        }
        return refusalV4(bytes);
    }

    /**
     * Why the URL is refused from what it spells out alone, or empty if only resolving its host can
     * tell. Refuses non-http(s) URLs, http where https is required, and hosts that are forbidden
     * addresses in any spelling.
     */
    public Optional<String> refusal(final String url) {
        final String text = Objects.requireNonNull(url, "url cannot be null").trim();
        final int schemeEnd = text.indexOf("://");
        final String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an absolute http or https URL");
        }
        if (requireHttps && !scheme.equals("https")) {
            return Optional.of("must use https");
        }
        final String host = host(text.substring(schemeEnd + 3));
        if (host.isEmpty()) {
            return Optional.of("must name a host");
        }
        final InetAddress address = spelledAddress(host);
        return address == null ? Optional.empty() : refusal(address).map(r -> "names " + r);
    }

    /**
     * The address a host name spells out without DNS (an IP literal in any spelling, a loopback
     * name, or a wildcard-DNS name embedding an address), or null if only DNS can tell.
     */
    public static InetAddress spelledAddress(final String hostName) {
        final String host = bare(hostName.toLowerCase(Locale.ROOT));
        if (host.contains(":")) {
            return ipv6(host);
        }
        final byte[] v4 = inetAton(host);
        if (v4 != null) {
            return byAddress(v4);
        }
        if (LOOPBACK_NAMES.contains(host) || host.endsWith(".localhost") || LOOPBACK_NAMES.stream().anyMatch(n -> host.endsWith("." + n))) {
            return byAddress(new byte[] {127, 0, 0, 1});
        }
        return wildcardDns(host);
    }

    private static String bare(final String host) {
        String name = host;
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    }

    private Optional<String> refusalV4(final byte[] a) {
        final int b0 = a[0] & 0xff;
        final int b1 = a[1] & 0xff;
        if (b0 == 169 && b1 == 254 && (a[2] & 0xff) == 169 && (a[3] & 0xff) == 254) {
            return Optional.of("a cloud metadata address");
        }
        if (b0 == 127) {
            return privately("a loopback address");
        }
        if (b0 == 10 || b0 == 172 && (b1 & 0xf0) == 16 || b0 == 192 && b1 == 168) {
            return privately("a private address");
        }
        if (b0 == 0) {
            return Optional.of("an unspecified address");
        }
        if (b0 == 169 && b1 == 254) {
            return Optional.of("a link-local address");
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (b0 >= 224 && b0 < 240) {
            return Optional.of("a multicast address");
        }
        if (b0 >= 240) {
            return Optional.of("a reserved or broadcast address");
        }
        return Optional.empty();
    }

    private Optional<String> refusalV6(final byte[] a) {
        final int b0 = a[0] & 0xff;
        final int b1 = a[1] & 0xff;
        if (isZero(a, 0, 15) && (a[15] == 0 || a[15] == 1)) {
            return a[15] == 0 ? Optional.of("an unspecified address") : privately("a loopback address");
        }
        if (b0 == 0xff) {
            return Optional.of("a multicast address");
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return Optional.of("a link-local address");
        }
        if ((b0 & 0xfe) == 0xfc || b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return privately("a private address");
        }
        return Optional.empty();
    }

    private Optional<String> privately(final String what) {
        return allowPrivate ? Optional.empty() : Optional.of(what);
    }

    /** The IPv4 address carried by an IPv4-mapped, IPv4-compatible, 6to4 or NAT64 address. */
    private static byte[] embeddedIpv4(final byte[] a) {
        if (isZero(a, 0, 10) && (a[10] & a[11] & 0xff) == 0xff) {
            return java.util.Arrays.copyOfRange(a, 12, 16);
        }
        if (isZero(a, 0, 12) && !isZero(a, 12, 15)) {
            return java.util.Arrays.copyOfRange(a, 12, 16);
        }
        if ((a[0] & 0xff) == 0x20 && a[1] == 0x02) {
            return java.util.Arrays.copyOfRange(a, 2, 6);
        }
        if (a[0] == 0 && a[1] == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && isZero(a, 4, 12)) {
            return java.util.Arrays.copyOfRange(a, 12, 16);
        }
        return null;
    }

    private static boolean isZero(final byte[] a, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The host of an authority-and-path, as a client would dial it: no user info, port or zone. */
    private static String host(final String afterScheme) {
        int end = afterScheme.length();
        for (final char c : new char[] {'/', '?', '#', '\\'}) {
            final int i = afterScheme.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = percentDecode(afterScheme.substring(0, end));
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (authority.startsWith("[")) {
            final int close = authority.indexOf(']');
            final String inside = close < 0 ? authority.substring(1) : authority.substring(1, close);
            final int zone = inside.indexOf('%');
            return zone < 0 ? inside : inside.substring(0, zone);
        }
        final int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    private static String percentDecode(final String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        try {
            return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** IPv4 text read as inet_aton reads it: one to four parts, each decimal, 0-octal or 0x-hex. */
    static byte[] inetAton(final String text) {
        if (text.isEmpty() || text.endsWith(".")) {
            return null;
        }
        final String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        final long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            final Long value = number(parts[i]);
            if (value == null) {
                return null;
            }
            values[i] = value;
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            address |= values[i] << (8 * (3 - i));
        }
        final long last = values[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            return null;
        }
        address |= last;
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    private static Long number(final String part) {
        final String lower = part.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("0x")) {
                return lower.length() == 2 ? 0L : parse(lower.substring(2), 16);
            }
            if (lower.length() > 1 && lower.startsWith("0")) {
                return parse(lower.substring(1), 8);
            }
            return parse(lower, 10);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parse(final String digits, final int radix) {
        if (digits.isEmpty() || digits.length() > 12 || digits.startsWith("-") || digits.startsWith("+")) {
            return null;
        }
        return Long.parseLong(digits, radix);
    }

    private static InetAddress ipv6(final String literal) {
        final int zone = literal.indexOf('%');
        final String address = zone < 0 ? literal : literal.substring(0, zone);
        if (!address.matches("[0-9a-f:.]+")) {
            return null;
        }
        try {
            // A string with a colon is only ever parsed as a literal: this never asks DNS.
            return InetAddress.getByName("[" + address + "]");
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress wildcardDns(final String host) {
        final String service = WILDCARD_DNS.stream().filter(s -> host.endsWith("." + s)).findFirst().orElse(null);
        if (service == null) {
            return null;
        }
        final String prefix = host.substring(0, host.length() - service.length() - 1);
        final Matcher dotted = DOTTED.matcher(prefix);
        if (dotted.find()) {
            final byte[] v4 = inetAton(dotted.group(1).replace('-', '.'));
            return v4 == null ? null : byAddress(v4);
        }
        final Matcher hex = HEX8.matcher(prefix);
        if (hex.find()) {
            return byAddress(inetAton("0x" + hex.group(1)));
        }
        final String label = prefix.substring(prefix.lastIndexOf('.') + 1);
        return label.contains("--") ? ipv6(label.replace('-', ':')) : null;
    }

    private static InetAddress byAddress(final byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    private static boolean bool(final Config config, final String name, final boolean defaultValue) {
        final String value = config.get(name, Boolean.toString(defaultValue)).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalStateException(name + " must be true or false, not " + value);
        }
        return Boolean.parseBoolean(value);
    }
}
