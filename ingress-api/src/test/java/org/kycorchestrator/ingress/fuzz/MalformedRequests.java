package org.kycorchestrator.ingress.fuzz;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kycorchestrator.ingress.http.Envelope;

/**
 * Malformed requests to every route of the API, drawn from one seeded {@link Random}, so a seed
 * gives the same requests again. Most start from a well-formed request to a route and break one
 * thing: the body's bytes, its encoding, a field's JSON type, an unknown field, its nesting, its
 * size, its content type, the method, the path, a header. Some of them stay well formed by chance
 * (a mutation that sets an optional field to null, a GET with a junk header): those are answered
 * 2xx, and the test counts them.
 */
final class MalformedRequests {

    /** A kind of malformed request, drawn as often as its weight says. */
    private record Kind(String name, int weight, Supplier<FuzzRequest> make) {
    }

    /** A route: its method, its path with {customer}, {endpoint} and {vendor} to fill, and a well-formed body. */
    record Route(String method, String path, String body) {
    }

    static final String PROFILE = """
            {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","phone":"+442071234567","country":"GB",
             "dateOfBirth":"1990-12-31","pan":"ABCDE1234F","taxId":"GODE561231GR8","profession":"Employee","birthCountry":"GB"}""";
    private static final String HASH = Base64.getEncoder().encodeToString(new byte[32]);
    /** The upload route; sent JSON like the others (a 415), and forms of its own. */
    private static final Route UPLOAD = new Route("POST", "/v1/customers/{customer}/kyc/documents", "{\"type\":\"PASSPORT\",\"side\":\"FRONT_SIDE\"}");

    static final List<Route> ROUTES = List.of(
            new Route("POST", "/v1/customers", "{\"externalId\":\"fuzz\",\"vendor\":\"xgateway\",\"profile\":" + PROFILE + "}"),
            new Route("PATCH", "/v1/customers/{customer}/profile", PROFILE),
            new Route("POST", "/v1/customers/{customer}/kyc/applicant", "{}"),
            new Route("POST", "/v1/customers/{customer}/kyc/agreements",
                    "{\"privacyPolicyHash\":\"" + HASH + "\",\"termsAndConditionsHash\":\"" + HASH + "\"}"),
            new Route("POST", "/v1/customers/{customer}/kyc/link", "{\"locale\":\"en-GB\",\"redirectUri\":\"https://merchant.example/kyc-done\"}"),
            new Route("POST", "/v1/customers/{customer}/kyc/verification", "{}"),
            UPLOAD,
            new Route("GET", "/v1/customers/{customer}/kyc", ""),
            new Route("GET", "/v1/customers/{customer}/kyc/events", ""),
            new Route("POST", "/v1/webhook-endpoints", """
                    {"url":"https://merchant.example/hooks","eventTypes":["kyc.approved"],"description":"fuzz","maxInFlight":4,"ratePerSecond":10}"""),
            new Route("GET", "/v1/webhook-endpoints", ""),
            new Route("GET", "/v1/webhook-endpoints/{endpoint}", ""),
            new Route("PATCH", "/v1/webhook-endpoints/{endpoint}", "{\"description\":\"fuzz\",\"maxInFlight\":null}"),
            new Route("DELETE", "/v1/webhook-endpoints/{endpoint}", ""),
            new Route("POST", "/v1/webhook-endpoints/{endpoint}/disable", ""),
            new Route("POST", "/v1/webhook-endpoints/{endpoint}/enable", ""),
            new Route("POST", "/v1/webhook-endpoints/{endpoint}/rotate", ""),
            new Route("GET", "/v1/webhook-endpoints/{endpoint}/deliveries?limit=10&outcome=failed", ""),
            new Route("POST", "/v1/webhook-endpoints/{endpoint}/replay", "{\"deadLetters\":true,\"since\":\"2026-01-01T00:00:00Z\"}"),
            new Route("POST", "/v1/providers/{vendor}/callbacks", """
                    {"callbackType":"kyc","customerId":"c1","docsMissing":[{"docType":"SELFIE"}],"status":"KYC_PENDING","hash":"aGFzaA=="}"""),
            new Route("GET", "/health/live", ""),
            new Route("GET", "/health/ready", ""),
            new Route("GET", "/metrics", ""),
            new Route("GET", "/openapi.json", ""));

    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE"};
    private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "application/jsonx", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=fuzz", "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "json",
        "application/*", "*/*", "application/json, text/plain", "a/b/c", "", ";", "application/problem+json", "APPLICATION/JSONP"};
    private static final String[] NASTY_STRINGS = {"\"\\u0000\"", "\"\\uD800\"", "\"x\\uDC00y\"", "\"a\\nb\"", "\"\\u202Eevil\"",
        "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"", "\"${jndi:ldap://x/y}\"", "\"%s%n%x\"", "\"\\\\\\\\\"", "\"\uD83D\uDE00\"",
        "\"\\t\"", "\"   \"", "\"\"", "\"\u00a0\"", "\"\\u0085\"", "\"\\uFEFF\""};
    private static final byte[][] INVALID_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
    private static final String MARK = "@@nasty@@";

    private final Random random;
    private final Map<String, String> ids;
    private final String apiKey;
    private final List<Kind> kinds = new ArrayList<>();
    private int index;

    /**
     * @param ids what the path's placeholders may be filled with when they name something that
     *            exists: "customer", "endpoint", "deletable endpoint"
     */
    MalformedRequests(final long seed, final String apiKey, final Map<String, String> ids) {
        this.random = new Random(seed);
        this.apiKey = apiKey;
        this.ids = Map.copyOf(ids);
        kind("random bytes", 10, this::randomBytes);
        kind("invalid UTF-8", 8, this::invalidUtf8);
        kind("wrong JSON type", 16, this::wrongType);
        kind("unknown field", 8, this::unknownField);
        kind("nasty string", 10, this::nastyString);
        kind("deep nesting", 5, this::deepNesting);
        kind("megabyte string", 2, this::megabyteString);
        kind("content type", 10, this::contentType);
        kind("method", 10, this::method);
        kind("header", 8, this::header);
        kind("path", 6, this::path);
        kind("raw HTTP", 7, this::rawHttp);
        kind("multipart upload", 6, this::multipartUpload);
    }

    List<FuzzRequest> next(final int count) {
        final int total = kinds.stream().mapToInt(Kind::weight).sum();
        final List<FuzzRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(total);
            for (Kind kind : kinds) {
                pick -= kind.weight();
                if (pick < 0) {
                    requests.add(kind.make().get());
                    break;
                }
            }
        }
        return requests;
    }

    private void kind(final String name, final int weight, final Supplier<FuzzRequest> make) {
        kinds.add(new Kind(name, weight, make));
    }

    // --- the kinds of malformed request ---

    private FuzzRequest randomBytes() {
        final Route route = bodyRoute();
        final byte[] body = new byte[random.nextInt(4096) + 1];
        random.nextBytes(body);
        return json("random bytes", route, body);
    }

    private FuzzRequest invalidUtf8() {
        final Route route = bodyRoute();
        final byte[] valid = route.body().getBytes(StandardCharsets.UTF_8);
        final byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
        // Inside a string where there is one, anywhere otherwise.
        final int quote = route.body().indexOf("\":\"");
        final int at = quote > 0 && random.nextBoolean() ? quote + 3 : random.nextInt(valid.length + 1);
        final byte[] body = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, body, 0, at);
        System.arraycopy(bad, 0, body, at, bad.length);
        System.arraycopy(valid, at, body, at + bad.length, valid.length - at);
        return json("invalid UTF-8", route, body);
    }

    private FuzzRequest wrongType() {
        final Route route = bodyRoute();
        final ObjectNode body = parse(route.body());
        final int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            replaceRandomField(body, randomValue(0));
        }
        return json("wrong JSON type", route, bytes(body.toString()));
    }

    private FuzzRequest unknownField() {
        final Route route = bodyRoute();
        final ObjectNode body = parse(route.body());
        final ObjectNode target = random.nextBoolean() && body.get("profile") instanceof ObjectNode profile ? profile : body;
        target.set(randomName(), randomValue(0));
        return json("unknown field", route, bytes(body.toString()));
    }

    private FuzzRequest nastyString() {
        final Route route = bodyRoute();
        final ObjectNode body = parse(route.body());
        replaceRandomField(body, JsonNodeFactory.instance.textNode(MARK));
        final String nasty = random.nextInt(4) == 0 ? "\"" + randomText(random.nextInt(300)) + "\"" : NASTY_STRINGS[random.nextInt(NASTY_STRINGS.length)];
        return json("nasty string", route, bytes(body.toString().replace("\"" + MARK + "\"", nasty)));
    }

    private FuzzRequest deepNesting() {
        final Route route = bodyRoute();
        final int depth = random.nextInt(5) == 0 ? 100_000 : 1_000;
        final boolean arrays = random.nextBoolean();
        final String open = arrays ? "[" : "{\"a\":";
        final String close = arrays ? "]" : "}";
        final String deep = open.repeat(depth) + "1" + close.repeat(depth);
        final ObjectNode body = parse(route.body());
        replaceRandomField(body, JsonNodeFactory.instance.textNode(MARK));
        final String text = random.nextInt(4) == 0 ? deep : body.toString().replace("\"" + MARK + "\"", deep);
        return json("deep nesting", route, bytes(text));
    }

    private FuzzRequest megabyteString() {
        final Route route = bodyRoute();
        final ObjectNode body = parse(route.body());
        replaceRandomField(body, JsonNodeFactory.instance.textNode(MARK));
        // Around the limit: just under it (parsed, then refused for its length), or over it (413).
        final int length = 1_048_576 - 600 + random.nextInt(1_200);
        final String text = body.toString().replace(MARK, "x".repeat(length));
        final FuzzRequest request = json("megabyte string", route, bytes(text));
        return random.nextBoolean() ? request : withChunked(request);
    }

    private FuzzRequest contentType() {
        final Route route = bodyRoute();
        final List<Map.Entry<String, String>> headers = authHeaders();
        if (random.nextInt(5) != 0) {
            headers.add(header("Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]));
        }
        if (random.nextInt(6) == 0) {
            headers.add(header("Content-Encoding", random.nextBoolean() ? "gzip" : "br"));
            headers.add(header("Content-Type", "application/json"));
        }
        return request("content type", route.method(), fill(route), headers, bytes(route.body()));
    }

    private FuzzRequest method() {
        final Route route = ROUTES.get(random.nextInt(ROUTES.size()));
        final String method = random.nextInt(8) == 0 ? randomToken(3 + random.nextInt(8)) : METHODS[random.nextInt(METHODS.length)];
        final byte[] body = random.nextBoolean() || route.body().isEmpty() ? new byte[0] : bytes(route.body());
        final List<Map.Entry<String, String>> headers = authHeaders();
        if (body.length > 0) {
            headers.add(header("Content-Type", "application/json"));
        }
        return request("method", method, fill(route), headers, body);
    }

    private FuzzRequest header() {
        final Route route = ROUTES.get(random.nextInt(ROUTES.size()));
        final List<Map.Entry<String, String>> headers = authHeaders();
        switch (random.nextInt(5)) {
            case 0 -> headers.add(header("x-fuzz-" + randomToken(6), randomPrintable(1_000 + random.nextInt(15_000))));
            case 1 -> {
                for (int i = 0; i < 50 + random.nextInt(150); i++) {
                    headers.add(header("x-fuzz-" + i, randomPrintable(random.nextInt(64))));
                }
            }
            // Never a positive wait: the outcome of a well-formed command would not come, and the test would only wait.
            case 2 -> headers.add(header("Prefer", List.of("wait=abc", "wait=-1", "wait=0", "wait=", "respond-async", "wait",
                    randomToken(10)).get(random.nextInt(7))));
            case 3 -> headers.add(header("Idempotency-Key", randomPrintable(random.nextInt(2_000))));
            default -> headers.add(header("x-request-id", randomPrintable(random.nextInt(2_000))));
        }
        final byte[] body = bytes(route.body());
        if (body.length > 0) {
            headers.add(header("Content-Type", "application/json"));
        }
        return request("header", route.method(), fill(route), headers, body);
    }

    private FuzzRequest path() {
        final Route route = ROUTES.get(random.nextInt(ROUTES.size()));
        final String weird = switch (random.nextInt(7)) {
            case 0 -> "%E2%80%AE" + randomToken(5);
            case 1 -> "x".repeat(2_000 + random.nextInt(4_000));
            case 2 -> "%00";
            case 3 -> "..%2F..%2Fetc";
            case 4 -> "%F0%9F%98%80";
            case 5 -> randomToken(1 + random.nextInt(40)) + "?limit=" + randomToken(3) + "&cursor=" + randomToken(30) + "&outcome=&outcome=x";
            default -> "";
        };
        final String path = switch (random.nextInt(3)) {
            case 0 -> route.path().replaceAll("\\{[a-z]+}", weird);
            case 1 -> fill(route) + "/" + weird;
            default -> "/v1/" + randomToken(1 + random.nextInt(12)) + "/" + weird;
        };
        final List<Map.Entry<String, String>> headers = authHeaders();
        final byte[] body = bytes(route.body());
        if (body.length > 0) {
            headers.add(header("Content-Type", "application/json"));
        }
        return request("path", route.method(), path, headers, body);
    }

    private FuzzRequest rawHttp() {
        final Route route = ROUTES.get(random.nextInt(ROUTES.size()));
        final List<Map.Entry<String, String>> headers = authHeaders();
        headers.add(header("Content-Type", "application/json"));
        final byte[] body = bytes(route.body().isEmpty() ? "{}" : route.body());
        String path = fill(route);
        switch (random.nextInt(5)) {
            case 0 -> path = path.replace("/v1/", "/v1/\u00ff\u0001");
            case 1 -> headers.add(header("Content-Length", String.valueOf(body.length + 1 + random.nextInt(100))));
            case 2 -> headers.add(header("Content-Length", String.valueOf(Math.max(0, body.length - 1 - random.nextInt(5)))));
            case 3 -> headers.add(header("Content-Length", List.of("-1", "1x", "99999999999999999999", " ", "0x10").get(random.nextInt(5))));
            default -> headers.add(header("x-fuzz", "a\u0001b\u00ffc"));
        }
        return new FuzzRequest(index++, "raw HTTP", route.method(), path, headers, body, false, true);
    }

    /** A document upload: a form whose framing, fields or file is wrong, or, now and then, right. */
    private FuzzRequest multipartUpload() {
        final String boundary = "fuzz" + randomToken(10);
        final String type = List.of("PASSPORT", "SELFIE", "ID_CARD", "DRIVERS", "UTILITY_BILL", "", "passport", randomText(12)).get(random.nextInt(8));
        final String side = List.of("front", "back", "FRONT_SIDE", "", randomText(8)).get(random.nextInt(5));
        final byte[] file = new byte[random.nextInt(4_000)];
        random.nextBytes(file);
        final byte[][] signatures = {{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, bytes("%PDF-1.7")};
        if (random.nextBoolean()) {
            final byte[] signature = signatures[random.nextInt(signatures.length)];
            System.arraycopy(signature, 0, file, 0, Math.min(signature.length, file.length));
        }
        final ByteArrayOutputStream form = new ByteArrayOutputStream();
        final int variant = random.nextInt(7);
        final String field = variant == 4 ? "" : "; name=\"" + (random.nextBoolean() ? "type" : "x" + randomToken(4)) + "\"";
        form.writeBytes(bytes("--" + boundary + "\r\nContent-Disposition: form-data" + field + "\r\n\r\n" + type + "\r\n"));
        if (random.nextInt(5) < 3) {
            // Passports and selfies have no side, so half the forms leave it out.
            form.writeBytes(bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"side\"\r\n\r\n" + side + "\r\n"));
        }
        form.writeBytes(bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + randomText(20)
                + "\"\r\nContent-Type: " + (random.nextBoolean() ? "image/png" : randomPrintable(30)) + "\r\n"
                + (variant == 5 ? "X-Fuzz: " + randomPrintable(6_000) + "\r\n" : "") + "\r\n"));
        form.writeBytes(file);
        form.writeBytes(bytes("\r\n--" + boundary + "--\r\n"));
        byte[] body = form.toByteArray();
        if (variant == 3) {
            body = Arrays.copyOf(body, random.nextInt(body.length));
        } else if (variant == 6) {
            random.nextBytes(body);
        }
        final String contentType = switch (variant) {
            case 1 -> "multipart/form-data; boundary=other" + randomToken(4);
            case 2 -> "multipart/form-data";
            default -> "multipart/form-data; boundary=" + boundary;
        };
        final List<Map.Entry<String, String>> headers = authHeaders();
        headers.add(header("Content-Type", contentType));
        return request("multipart upload", "POST", fill(UPLOAD), headers, body);
    }

    // --- helpers ---

    private Route bodyRoute() {
        Route route;
        do {
            route = ROUTES.get(random.nextInt(ROUTES.size()));
        } while (route.body().isEmpty());
        return route;
    }

    private FuzzRequest json(final String kind, final Route route, final byte[] body) {
        final List<Map.Entry<String, String>> headers = authHeaders();
        headers.add(header("Content-Type", "application/json"));
        return request(kind, route.method(), fill(route), headers, body);
    }

    private FuzzRequest request(final String kind, final String method, final String path, final List<Map.Entry<String, String>> headers,
                                final byte[] body) {
        return new FuzzRequest(index++, kind, method, path, headers, body, false, false);
    }

    private static FuzzRequest withChunked(final FuzzRequest request) {
        return new FuzzRequest(request.index(), request.kind() + " (chunked)", request.method(), request.path(), request.headers(),
                request.body(), true, request.raw());
    }

    /** Mostly the tenant's own key, so that bodies get read; sometimes another tenant's, none, or junk. */
    private List<Map.Entry<String, String>> authHeaders() {
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        switch (random.nextInt(20)) {
            case 0 -> headers.add(header("x-api-key", "key-of-other"));
            case 1 -> { }
            case 2 -> headers.add(header("x-api-key", randomPrintable(random.nextInt(200))));
            default -> headers.add(header("x-api-key", apiKey));
        }
        return headers;
    }

    private String fill(final Route route) {
        final String customer = switch (random.nextInt(10)) {
            case 0 -> "fuzz-foreign-customer";
            case 1 -> "fuzz-unknown-" + random.nextInt(1000);
            case 2 -> "fuzz-grid-customer";
            default -> ids.get("customer");
        };
        final String endpoint = random.nextInt(10) == 0 ? "ep_unknown" + random.nextInt(1000)
                : "DELETE".equals(route.method()) ? ids.get("deletable endpoint") : ids.get("endpoint");
        final String vendor = List.of("xgateway", "capa", "grid", "paycc", "acme").get(random.nextInt(5));
        return route.path().replace("{customer}", customer).replace("{endpoint}", endpoint).replace("{vendor}", vendor);
    }

    private static ObjectNode parse(final String json) {
        try {
            return (ObjectNode) Envelope.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("a route's well-formed body does not parse", e);
        }
    }

    /** Replaces a field picked at random, at any depth, by {@code value}; an empty object gets a field. */
    private void replaceRandomField(final ObjectNode node, final JsonNode value) {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            node.set(randomName(), value);
            return;
        }
        final String name = names.get(random.nextInt(names.size()));
        if (node.get(name) instanceof ObjectNode child && random.nextBoolean()) {
            replaceRandomField(child, value);
        } else {
            node.set(name, value);
        }
    }

    private JsonNode randomValue(final int depth) {
        final JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (random.nextInt(depth > 2 ? 9 : 11)) {
            case 0 -> nodes.nullNode();
            case 1 -> nodes.booleanNode(random.nextBoolean());
            case 2 -> nodes.numberNode(random.nextInt());
            case 3 -> nodes.numberNode(random.nextLong());
            case 4 -> nodes.numberNode(new BigInteger(200, random));
            case 5 -> nodes.numberNode(new BigDecimal("1E+400"));
            case 6 -> nodes.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 7 -> nodes.textNode(randomText(random.nextInt(64)));
            case 8 -> nodes.textNode("");
            case 9 -> {
                final var array = nodes.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(depth + 1));
                }
                yield array;
            }
            default -> {
                final ObjectNode object = nodes.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(randomName(), randomValue(depth + 1));
                }
                yield object;
            }
        };
    }

    private String randomName() {
        return random.nextInt(5) == 0 ? randomText(1 + random.nextInt(20)) : "x" + randomToken(1 + random.nextInt(12));
    }

    /** Any characters a JSON string may hold unescaped, from every plane, including the field formats' own. */
    private String randomText(final int length) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(4)) {
                case 0 -> text.append("+@.-_:/#?&%0123456789".charAt(random.nextInt(21)));
                case 1 -> text.append((char) ('A' + random.nextInt(26)));
                case 2 -> text.appendCodePoint(0x20 + random.nextInt(0x2FFF - 0x20));
                default -> text.appendCodePoint(0x1F600 + random.nextInt(0x50));
            }
        }
        return text.toString().replace("\\", "").replace("\"", "");
    }

    private String randomToken(final int length) {
        final StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append((char) ('a' + random.nextInt(26)));
        }
        return token.toString();
    }

    /** Visible ASCII, which any header value may hold. */
    private String randomPrintable(final int length) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x7E - 0x21)));
        }
        return text.toString();
    }

    private static Map.Entry<String, String> header(final String name, final String value) {
        return new AbstractMap.SimpleEntry<>(name, value);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
