package org.kycorchestrator.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.schemas.Vendor;

/** The tenants file: the documented example loads as documented, and every kind of mistake stops start-up naming its place. */
class TenantsFileTest {

    static final Path EXAMPLE = locate("docs/tenants.example.yaml");
    static final Config EXAMPLE_ENVIRONMENT = Config.of(Map.of(
            "ACME_XGATEWAY_API_KEY", "acme-xgw-key",
            "ACME_XGATEWAY_SECRET", "acme-xgw-secret",
            "ACME_PAYCC_PASSWORD", "acme-paycc-password",
            "ACME_GRID_CLIENT_SECRET", "acme-grid-secret"));

    private static final String KEY_A = sha256("key-a");
    private static final String KEY_B = sha256("key-b");

    @Test
    void theDocumentedExampleLoadsWithEveryPart() {
        // given the example file of docs/, and the environment its ${NAME} credentials name
        // when it is loaded
        final TenantDirectory tenants = TenantsFile.load(EXAMPLE, EXAMPLE_ENVIRONMENT);

        // then both of acme's keys identify acme, with its limit, routing and credentials
        final Tenant acme = tenantOfKey(tenants, "example-acme-key-2026-01").orElseThrow();
        assertThat(tenantOfKey(tenants, "example-acme-key-2026-07")).contains(acme);
        assertThat(acme.id()).isEqualTo("acme");
        assertThat(acme.rateLimit()).contains(new RateLimit(20, 40));
        assertThat(acme.routing().route("MX", null, vendor -> false).vendor()).isEqualTo(Vendor.CAPA);
        assertThat(acme.routing().route("NO", null, vendor -> false).vendor()).isEqualTo(Vendor.XGATEWAY);
        assertThat(acme.routing().route("NO", null, vendor -> vendor == Vendor.XGATEWAY).vendor()).isEqualTo(Vendor.GRID);
        assertThat(acme.routing().route("US", null, vendor -> false).vendor()).isEqualTo(Vendor.GRID);
        assertThat(acme.credentialsFor(Vendor.XGATEWAY)).contains(
                new VendorCredentials.XGateway(new Secret("acme-xgw-key"), new Secret("acme-xgw-secret")));
        assertThat(acme.credentialsFor(Vendor.PAYCC)).contains(
                new VendorCredentials.Paycc("acme", new Secret("acme-paycc-password"), "MIDACME0001"));
        assertThat(acme.credentialsFor(Vendor.GRID).orElseThrow()).isInstanceOfSatisfying(VendorCredentials.Grid.class, grid ->
                assertThat(grid.webhookPublicKey()).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertThat(acme.credentialsFor(Vendor.CAPA)).isEmpty();

        // and globex has the defaults
        final Tenant globex = tenantOfKey(tenants, "example-globex-key-1").orElseThrow();
        assertThat(globex).isEqualTo(new Tenant("globex", Optional.of(new RateLimit(50, 100)), VendorRouting.demo(), Map.of()));
        assertThat(tenants.all()).containsExactly(acme, globex);
    }

    @Test
    void theDocsShowTheExampleAsItIs() throws Exception {
        final String example = Files.readString(EXAMPLE);
        final String shown = example.substring(example.indexOf("tenants:"));

        assertThat(Files.readString(locate("docs/tenants.md"))).contains("```yaml\n" + shown + "```");
    }

    @Test
    void secretsNeverShowWhenATenantIsPrinted() {
        final Tenant acme = tenantOfKey(TenantsFile.load(EXAMPLE, EXAMPLE_ENVIRONMENT), "example-acme-key-2026-01").orElseThrow();

        assertThat(acme.toString()).contains("acme", "MIDACME0001")
                .doesNotContain("acme-xgw-key", "acme-xgw-secret", "acme-paycc-password", "acme-grid-secret");
    }

    @Test
    void anUnsetFileLeavesTheChoiceToTheCaller() {
        assertThat(TenantsFile.fromConfig(Config.of(Map.of()))).isEmpty();
        assertThat(TenantsFile.fromConfig(EXAMPLE_ENVIRONMENT.with(TenantsFile.CONFIG, EXAMPLE.toString()))).isPresent();
    }

    @Test
    void aMissingFileStopsStartUpNamingIt() {
        assertThatThrownBy(() -> TenantsFile.load(Path.of("no/such/tenants.yaml"), Config.of(Map.of())))
                .isInstanceOf(TenantsFile.BadTenantsFile.class)
                .hasMessageContaining("KYC_TENANTS_FILE no/such/tenants.yaml cannot be read");
    }

    @Test
    void rateLimitsRoutingAndKeysTakeTheirDefaultsAndNormalFormsAndABareNoIsNorway() {
        final TenantDirectory tenants = read("""
                tenants:
                  - id: t
                    apiKeys: [{sha256: %s}]
                    rateLimit: {perSecond: 2.5}
                    routing:
                      byCountry: [{countries: [mx, NO], vendor: CAPA}]
                      default: {vendor: Grid, fallback: xgateway}
                """.formatted(KEY_A.toUpperCase()));

        final Tenant tenant = tenantOfKey(tenants, "key-a").orElseThrow();
        assertThat(tenant.rateLimit()).contains(new RateLimit(2.5, 3));
        assertThat(tenant.routing()).isEqualTo(new VendorRouting(
                Map.of("MX", new VendorRouting.Rule(Vendor.CAPA, Optional.empty()), "NO", new VendorRouting.Rule(Vendor.CAPA, Optional.empty())),
                new VendorRouting.Rule(Vendor.GRID, Optional.of(Vendor.XGATEWAY))));
    }

    static Stream<Arguments> badFiles() {
        final String tenant = "tenants:\n  - id: acme\n    apiKeys: [{sha256: " + KEY_A + "}]\n";
        final String routing = tenant + "    routing:\n";
        final String credentials = tenant + "    credentials:\n";
        return Stream.of(
                bad("an empty file", "", "the file is empty"),
                bad("no tenants", "tenants: []", "line 1", "tenants: must list at least one tenant"),
                bad("a list instead of a mapping", "- id: acme\n", "line 1", "the file must be a mapping of fields"),
                bad("broken YAML", "tenants: [\n  {id: acme", "line 2", "not valid YAML: while parsing a flow mapping: expected ',' or '}'"),
                bad("an unknown top-level field", "tenant: []\n", "line 1", "tenant: unknown field; the known fields here are [tenants]"),
                bad("a field written twice", "tenants:\n  - id: acme\n    id: acme2\n", "line 3", "Duplicate field 'id'"),
                bad("a misspelt tenant field", tenant + "    rateLimt: {perSecond: 1}\n", "line 4", "tenants[0].rateLimt: unknown field",
                        "rateLimit"),
                bad("a tenant without id", "tenants:\n  - apiKeys: [{sha256: " + KEY_A + "}]\n", "tenants[0]: id is required"),
                bad("an id with a space", "tenants:\n  - id: acme corp\n    apiKeys: [{sha256: " + KEY_A + "}]\n",
                        "tenants[0]: id is required: 1 to 64 letters"),
                bad("a tenant without keys", "tenants:\n  - id: acme\n", "tenants[0]: apiKeys must list at least one key of tenant acme"),
                bad("a plain key instead of its hash", "tenants:\n  - id: acme\n    apiKeys: [{sha256: my-secret-key}]\n",
                        "line 3", "tenants[0].apiKeys[0]: sha256 must be the key's SHA-256 as 64 hexadecimal digits", "never the key itself"),
                bad("a key as text rather than a mapping", "tenants:\n  - id: acme\n    apiKeys: [" + KEY_A + "]\n",
                        "tenants[0].apiKeys[0]: must be a mapping of fields"),
                bad("one key for two tenants", tenant + "  - id: other\n    apiKeys: [{sha256: " + KEY_B + "}, {sha256: " + KEY_A + "}]\n",
                        "line 5", "tenants[1].apiKeys[1]: the same key is already tenants[0].apiKeys[0]"),
                bad("two tenants with one id", tenant + "  - id: acme\n    apiKeys: [{sha256: " + KEY_B + "}]\n",
                        "line 4", "tenants[1]: tenant acme is already tenants[0]"),
                bad("a rate of zero", tenant + "    rateLimit: {perSecond: 0}\n", "line 4", "tenants[0].rateLimit: perSecond must be more than 0"),
                bad("a rate that is not a number", tenant + "    rateLimit: {perSecond: fast}\n", "line 4",
                        "tenants[0].rateLimit.perSecond: must be a number"),
                bad("a fractional burst", tenant + "    rateLimit: {perSecond: 1, burst: 1.5}\n", "tenants[0].rateLimit.burst: must be a whole number"),
                bad("a burst of zero", tenant + "    rateLimit: {perSecond: 1, burst: 0}\n", "tenants[0].rateLimit: burst must be between 1"),
                bad("a limit without its rate", tenant + "    rateLimit: {burst: 5}\n", "tenants[0].rateLimit: perSecond is required"),
                bad("an unknown vendor", routing + "      byCountry: [{countries: [MX], vendor: acmekyc}]\n      default: {vendor: grid}\n",
                        "tenants[0].routing.byCountry[0]: vendor must be one of xgateway, grid, paycc, capa, not 'acmekyc'"),
                bad("a fallback to the same vendor", routing + "      default: {vendor: grid, fallback: grid}\n",
                        "tenants[0].routing.default: fallback must be another vendor than grid"),
                bad("a rule without vendor", routing + "      byCountry: [{countries: [MX]}]\n      default: {vendor: grid}\n",
                        "tenants[0].routing.byCountry[0]: vendor is required"),
                bad("a country that does not exist", routing + "      byCountry: [{countries: [XX], vendor: capa}]\n      default: {vendor: grid}\n",
                        "tenants[0].routing.byCountry[0]: countries: 'XX' is not an ISO 3166 alpha-2 country code"),
                bad("countries as text rather than a list", routing + "      byCountry: [{countries: MX, vendor: capa}]\n      default: {vendor: grid}\n",
                        "tenants[0].routing.byCountry[0].countries: must be a list"),
                bad("a country routed twice", routing
                                + "      byCountry:\n        - {countries: [GB], vendor: xgateway}\n        - {countries: [gb], vendor: grid}\n"
                                + "      default: {vendor: grid}\n",
                        "line 7", "tenants[0].routing.byCountry[1]: GB is already routed by tenants[0].routing.byCountry[0]"),
                bad("a rule without countries", routing + "      byCountry: [{vendor: capa}]\n      default: {vendor: grid}\n",
                        "tenants[0].routing.byCountry[0]: countries must list at least one country"),
                bad("routing without default", routing + "      byCountry: [{countries: [MX], vendor: capa}]\n",
                        "tenants[0].routing: default is required"),
                bad("a default with countries", routing + "      default: {countries: [MX], vendor: capa}\n",
                        "tenants[0].routing.default: default applies to every other country"),
                bad("credentials of an unknown vendor", credentials + "      onfido: {apiKey: k}\n", "line 5",
                        "tenants[0].credentials.onfido: unknown field"),
                bad("credentials missing a part", credentials + "      xgateway: {apiKey: k}\n",
                        "tenants[0].credentials.xgateway: callbackSecret is required"),
                bad("credentials with a misspelt part", credentials + "      capa: {apiKey: k, webhookSecrt: s}\n",
                        "tenants[0].credentials.capa.webhookSecrt: unknown field"),
                bad("a credential from an unset variable", credentials + "      xgateway: {apiKey: '${NOT_SET_ANYWHERE}', callbackSecret: s}\n",
                        "line 5", "tenants[0].credentials.xgateway.apiKey: environment variable NOT_SET_ANYWHERE is not set"),
                bad("a credential that is a mapping", credentials + "      capa: {apiKey: {value: k}, webhookSecret: s}\n",
                        "tenants[0].credentials.capa.apiKey: must be text"),
                bad("a Paycc merchant code too long", credentials + "      paycc: {user: u, password: p, merchantCode: MERCHANT-CODE-TOO-LONG-1}\n",
                        "tenants[0].credentials.paycc: merchantCode must be at most 20 characters"),
                bad("a Grid key that is no key", credentials + "      grid: {clientId: c, clientSecret: s, webhookPublicKey: not-a-pem}\n",
                        "tenants[0].credentials.grid: webhookPublicKey must be a PEM P-256 public key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileStopsStartUpWithAMessageNamingItsPlace(final String mistake, final String yaml, final List<String> saying) {
        // when a file with the mistake is read, then start-up stops, saying where and what
        assertThatThrownBy(() -> read(yaml))
                .isInstanceOf(TenantsFile.BadTenantsFile.class)
                .hasMessageStartingWith("test.yaml: ")
                .message().contains(saying);
    }

    private static Arguments bad(final String mistake, final String yaml, final String... saying) {
        return Arguments.of(mistake, yaml, List.of(saying));
    }

    private static TenantDirectory read(final String yaml) {
        return TenantsFile.read(new StringReader(yaml), "test.yaml", Config.of(Map.of()));
    }

    /** The tenant whose key hashes to one in the directory, as the ingress finds it. */
    private static Optional<Tenant> tenantOfKey(final TenantDirectory tenants, final String key) {
        final String hash = sha256(key);
        return tenants.apiKeys().stream().filter(k -> k.sha256().equals(hash)).map(ApiKeyHash::tenant).findFirst();
    }

    static String sha256(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file from the repository's root, whichever directory the tests run in. */
    static Path locate(final String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
