package org.kycorchestrator.ingress.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kycorchestrator.ingress.IngressOnKafka.MY_KEY;
import static org.kycorchestrator.ingress.IngressOnKafka.TOPICS;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.ingress.IngressOnKafka;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.kafka.embedded.EmbeddedKafkaBroker;
import org.kycorchestrator.kafka.embedded.SharedKafka;
import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.KycCaseView;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.RegisterCustomer;
import org.kycorchestrator.schemas.commands.RequestLink;

/**
 * The customer routes check every field's format before anything is published: a refusal is a 400
 * listing every problem, each naming the field's path, never repeating a value, and publishing nothing.
 */
@ExtendWith(SharedKafka.class)
class CustomerFieldsTest {

    private static final String XGATEWAY_CUSTOMER = "customer-at-xgateway";
    private static final String GRID_CUSTOMER = "customer-at-grid";
    private static final Tenant ME = new Tenant("fields-" + UUID.randomUUID());
    private static IngressOnKafka ingress;

    @BeforeAll
    static void start(final EmbeddedKafkaBroker broker) {
        final CaseReader cases = customerId -> switch (customerId) {
            case XGATEWAY_CUSTOMER -> new CaseReader.Found(caseOf(ME.id(), customerId, Vendor.XGATEWAY));
            case GRID_CUSTOMER -> new CaseReader.Found(caseOf(ME.id(), customerId, Vendor.GRID));
            default -> new CaseReader.NotFound();
        };
        ingress = IngressOnKafka.start(broker, Map.of(), new Tenants(Map.of(Tenants.sha256(MY_KEY), ME)), cases);
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @Test
    void aProfileWithEveryFieldWrongIsRefusedWithEveryProblemNamedAndNothingPublished() throws Exception {
        // given a registration whose every checked field is malformed, with an unknown field at each level
        final String externalId = "every-field-wrong-" + UUID.randomUUID();
        final String body = """
                {"externalId":"%s","nickname":"Ada","profile":{"email":"ada@","phone":"9876543210","country":"gb",
                 "dateOfBirth":"31/12/1990","pan":"abcde1234f","taxId":"GODE561331GR8","birthCountry":"UK","middleName":"B"}}
                """.formatted(externalId);

        // when
        final HttpResponse<String> answer = ingress.send(MY_KEY, "POST", "/v1/customers", body);

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        final JsonNode errors = Envelope.JSON.readTree(answer.body()).path("errors");
        assertThat(errors).allSatisfy(error -> assertThat(error.path("code").asText()).isEqualTo("bad_request"));
        assertThat(messages(errors)).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).isEqualTo("nickname is not a known field"),
                m -> assertThat(m).isEqualTo("profile.middleName is not a known field"),
                m -> assertThat(m).startsWith("profile.email must be an e-mail address"),
                m -> assertThat(m).startsWith("profile.phone must be an E.164 phone number"),
                m -> assertThat(m).startsWith("profile.country must be an ISO 3166-1 alpha-2 country code"),
                m -> assertThat(m).startsWith("profile.dateOfBirth must be an ISO 8601 date"),
                m -> assertThat(m).startsWith("profile.pan must be an Indian PAN"),
                m -> assertThat(m).startsWith("profile.taxId must be a Mexican RFC whose date part"),
                m -> assertThat(m).startsWith("profile.birthCountry must be an ISO 3166-1 alpha-2 country code"));
        assertThat(answer.body()).doesNotContain("9876543210", "31/12/1990", "abcde1234f", "GODE561331GR8");
        assertThat(commandsFor(CustomerRoutes.customerId(ME, externalId))).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1}: \"{2}\"")
    @CsvSource(delimiter = '|', textBlock = """
            email        | ada.example.com        | must be an e-mail address
            email        | 42                     | must be a string
            phone        | +44 20 7123 4567       | must be an E.164 phone number
            phone        | +4411                  | must be a phone number that exists
            country      | Mexico                 | must be at most 2 characters
            country      | XX                     | must be an ISO 3166-1 alpha-2 country code
            dateOfBirth  | 2999-01-01             | must not be in the future
            dateOfBirth  | 1990-02-30             | must be an ISO 8601 date
            pan          | 4111111111111111       | must be at most 10 characters
            pan          | ABCDE12345             | must be an Indian PAN
            taxId        | GODE561231GRZ          | must be a Mexican RFC:
            birthCountry | mx                     | must be an ISO 3166-1 alpha-2 country code
            firstName    | 'Ada\\u0007Lovelace'   | must be text without control characters
            lastName     | ''                     | must not be empty
            """)
    void aMalformedFieldIsNamedByItsPathWhenRegisteringAndWhenUpdating(final String field, final String value, final String problem)
            throws Exception {
        // given the value as JSON: a number stays a number, anything else is a string
        final String json = value.matches("[0-9]+") && value.length() < 5 ? value : "\"" + value + "\"";

        // when
        final HttpResponse<String> registered = ingress.send(MY_KEY, "POST", "/v1/customers",
                "{\"externalId\":\"one-field-wrong\",\"profile\":{\"" + field + "\":" + json + "}}");
        final HttpResponse<String> updated = ingress.send(MY_KEY, "PATCH", "/v1/customers/" + XGATEWAY_CUSTOMER + "/profile",
                "{\"" + field + "\":" + json + "}");

        // then
        assertThat(registered.statusCode()).isEqualTo(400);
        assertThat(messages(registered)).singleElement().asString().startsWith("profile." + field + " " + problem);
        assertThat(updated.statusCode()).isEqualTo(400);
        assertThat(messages(updated)).singleElement().asString().startsWith(field + " " + problem);
    }

    @Test
    void aProfileWithEveryFieldWellFormedIsPublishedAsSent() throws Exception {
        // given
        final String externalId = "well-formed-" + UUID.randomUUID();
        final String body = """
                {"externalId":"%s","vendor":"capa","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com",
                 "phone":"+525512345678","country":"MX","dateOfBirth":"1990-12-31","pan":"ABCDE1234F","taxId":"GODE561231GR8",
                 "profession":"Employee","birthCountry":"MX"}}
                """.formatted(externalId);

        // when
        final HttpResponse<String> answer = ingress.send(MY_KEY, "POST", "/v1/customers", body);

        // then
        assertThat(answer.statusCode()).isEqualTo(202);
        final List<KycCommand> published = commandsFor(CustomerRoutes.customerId(ME, externalId));
        assertThat(published).singleElement().satisfies(command -> {
            final Profile profile = ((RegisterCustomer) command.getPayload()).getProfile();
            assertThat(profile).isEqualTo(new Profile("Ada", "Lovelace", "ada@example.com", "+525512345678", "MX", "1990-12-31",
                    "ABCDE1234F", "GODE561231GR8", "Employee", "MX"));
        });
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            customer-at-xgateway | {"locale":"es-MX","redirectUri":"https://merchant.example/kyc-done"} | NULL
            customer-at-xgateway | {"redirectUri":"myapp://kyc-done"}                                  | NULL
            customer-at-grid     | {"redirectUri":"https://merchant.example/kyc-done"}                 | NULL
            customer-at-xgateway | {"locale":"en_US"}                                                  | locale must be a BCP 47 language tag
            customer-at-xgateway | {"redirectUri":"http://merchant.example/kyc-done"}                  | redirectUri must be an https URL or a custom app scheme
            customer-at-xgateway | {"redirectUri":"javascript:alert(1)"}                               | redirectUri must be an https URL or a custom app scheme
            customer-at-grid     | {"redirectUri":"myapp://kyc-done"}                                  | redirectUri must be an https URL for this customer's vendor, grid
            customer-at-xgateway | {"locale":"en","vendor":"grid"}                                     | vendor is not a known field
            """)
    void aLinkRequestTakesALanguageTagAndAnHttpsOrAppRedirect(final String customer, final String body, final String problem)
            throws Exception {
        // when
        final HttpResponse<String> answer = ingress.send(MY_KEY, "POST", "/v1/customers/" + customer + "/kyc/link", body);

        // then
        if (problem == null) {
            assertThat(answer.statusCode()).isEqualTo(202);
        } else {
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(messages(answer)).singleElement().asString().startsWith(problem);
        }
    }

    @Test
    void aLinkRequestThatIsRefusedPublishesNothing() throws Exception {
        // given
        final int before = commandsFor(XGATEWAY_CUSTOMER).size();

        // when
        final HttpResponse<String> answer = ingress.send(MY_KEY, "POST", "/v1/customers/" + XGATEWAY_CUSTOMER + "/kyc/link",
                "{\"locale\":\"klingon\",\"redirectUri\":\"data:text/html,hi\"}");
        final HttpResponse<String> accepted = ingress.send(MY_KEY, "POST", "/v1/customers/" + XGATEWAY_CUSTOMER + "/kyc/link",
                "{\"locale\":\"de-CH\"}");

        // then only the second is on the topic
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(messages(answer)).hasSize(2);
        assertThat(accepted.statusCode()).isEqualTo(202);
        final List<KycCommand> after = commandsFor(XGATEWAY_CUSTOMER);
        assertThat(after).hasSize(before + 1);
        assertThat(((RequestLink) after.get(after.size() - 1).getPayload()).getLocale()).isEqualTo("de-CH");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"externalId":"e","profile":"Ada"}                       | profile must be an object
            {"externalId":["e"]}                                     | externalId must be a string
            {"externalId":"e","profile":{"email":{"a":1}}}           | profile.email must be a string
            {"externalId":"e","profile":{"phone":[1,2]}}             | profile.phone must be a string
            {"externalId":"e","vendor":true}                         | vendor must be a string
            {"externalId":"e","vendor":"acme"}                       | vendor must be one of xgateway, grid, paycc, capa
            {"profile":{}}                                           | externalId is required
            """)
    void aFieldOfTheWrongJsonTypeIsNamed(final String body, final String problem) throws Exception {
        // when
        final HttpResponse<String> answer = ingress.send(MY_KEY, "POST", "/v1/customers", body);

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(messages(answer)).singleElement().asString().isEqualTo(problem);
    }

    private static List<String> messages(final HttpResponse<String> answer) throws Exception {
        return messages(Envelope.JSON.readTree(answer.body()).path("errors"));
    }

    private static List<String> messages(final JsonNode errors) {
        final List<String> messages = new ArrayList<>();
        errors.forEach(error -> messages.add(error.path("message").asText()));
        return messages;
    }

    private static List<KycCommand> commandsFor(final String customerId) {
        return ingress.readAll(TOPICS.commands()).stream()
                .filter(record -> customerId.equals(record.key()))
                .map(record -> record.value())
                .toList();
    }

    private static KycCaseView caseOf(final String tenantId, final String customerId, final Vendor vendor) {
        return KycCaseView.newBuilder().setCustomerId(customerId).setTenantId(tenantId).setExternalId("ext-" + customerId)
                .setState(KycState.CREATED).setVendor(vendor).setSequence(1).setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH)
                .build();
    }
}
