package org.kycorchestrator.ingress.customers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kycorchestrator.ingress.cases.CaseReader;
import org.kycorchestrator.ingress.documents.DocumentUploads;
import org.kycorchestrator.ingress.formats.BirthDate;
import org.kycorchestrator.ingress.formats.CountryCode;
import org.kycorchestrator.ingress.formats.E164Phone;
import org.kycorchestrator.ingress.formats.EmailAddress;
import org.kycorchestrator.ingress.formats.IndianPan;
import org.kycorchestrator.ingress.formats.LanguageTag;
import org.kycorchestrator.ingress.formats.MexicanRfc;
import org.kycorchestrator.ingress.formats.RedirectUri;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.http.Auth;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.http.JsonBodies;
import org.kycorchestrator.ingress.idempotency.IdempotencyKeys;
import org.kycorchestrator.ingress.kafka.CommandOutcomes;
import org.kycorchestrator.ingress.kafka.Publisher;
import org.kycorchestrator.ingress.routing.VendorCircuits;
import org.kycorchestrator.tenants.VendorRouting;
import org.kycorchestrator.tenants.Tenant;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.AcceptAgreements;
import org.kycorchestrator.schemas.commands.AddDocument;
import org.kycorchestrator.schemas.commands.CreateApplicant;
import org.kycorchestrator.schemas.commands.KycCaseView;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.RegisterCustomer;
import org.kycorchestrator.schemas.commands.RequestLink;
import org.kycorchestrator.schemas.commands.StartVerification;
import org.kycorchestrator.schemas.commands.UpdateProfile;

/** The customer and KYC case routes: check the caller and the body, publish the command, answer. */
public final class CustomerRoutes {

    /** The document upload route, which takes {@code multipart/form-data} rather than JSON. */
    public static final String DOCUMENTS = "/v1/customers/{id}/kyc/documents";
    private static final Set<String> REGISTER_FIELDS = Set.of("externalId", "profile", "vendor");
    private static final Set<String> PROFILE_FIELDS = Set.of("firstName", "lastName", "email", "phone", "country", "dateOfBirth",
            "pan", "taxId", "profession", "birthCountry");
    private static final Set<String> LINK_FIELDS = Set.of("locale", "redirectUri");
    private static final Set<String> AGREEMENT_FIELDS = Set.of("privacyPolicyHash", "termsAndConditionsHash");
    private static final EmailAddress EMAIL = new EmailAddress();
    private static final E164Phone PHONE = new E164Phone();
    private static final CountryCode COUNTRY = new CountryCode();
    private static final IndianPan PAN = new IndianPan();
    private static final MexicanRfc RFC = new MexicanRfc();
    private static final LanguageTag LOCALE = new LanguageTag();
    private static final RedirectUri REDIRECT_URI = new RedirectUri();

    private final Auth auth;
    private final CaseReader cases;
    private final CommandSubmission submission;
    private final Clock clock;
    private final VendorCircuits circuits;
    private final DocumentUploads documents;
    private final BirthDate birthDate;

    public CustomerRoutes(final Auth auth, final KycTopics topics, final Publisher publisher, final CommandOutcomes outcomes,
                          final CaseReader cases, final Clock clock, final VendorCircuits circuits, final IdempotencyKeys keys,
                          final DocumentUploads documents) {
        this.circuits = Objects.requireNonNull(circuits, "circuits cannot be null");
        this.documents = Objects.requireNonNull(documents, "documents cannot be null");
        this.auth = Objects.requireNonNull(auth, "auth cannot be null");
        this.cases = Objects.requireNonNull(cases, "cases cannot be null");
        this.submission = new CommandSubmission(topics, publisher, outcomes, keys);
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.birthDate = new BirthDate(clock);
    }

    public void register(final RoutesConfig routes) {
        routes.post("/v1/customers", this::registerCustomer);
        routes.patch("/v1/customers/{id}/profile", this::updateProfile);
        routes.post("/v1/customers/{id}/kyc/applicant", this::createApplicant);
        routes.post(DOCUMENTS, this::addDocument);
        routes.post("/v1/customers/{id}/kyc/agreements", this::acceptAgreements);
        routes.post("/v1/customers/{id}/kyc/link", this::requestLink);
        routes.post("/v1/customers/{id}/kyc/verification", this::startVerification);
        routes.get("/v1/customers/{id}/kyc", this::getCase);
        routes.get("/v1/customers/{id}/kyc/events", this::getEvents);
    }

    /** The customer id is derived from tenant and external id, so registering twice finds the same customer. */
    public static String customerId(final Tenant tenant, final String externalId) {
        return UUID.nameUUIDFromBytes((tenant.id() + '\u0000' + externalId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void registerCustomer(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final JsonNode body = JsonBodies.object(ctx, false);
        final JsonBodies check = new JsonBodies().onlyFields(body, "", REGISTER_FIELDS);
        final String externalId = check.requiredText(body, "", "externalId", 128);
        final Profile profile = profile(check, check.optionalObject(body, "", "profile"), "profile.");
        final Vendor requested = vendor(check, check.optionalText(body, "", "vendor", 20));
        check.throwIfInvalid();
        final VendorRouting.Decision route = tenant.routing().route(profile.getCountry(), requested, circuits::isOpen);
        submission.submit(ctx, command(tenant, customerId(tenant, externalId),
                new RegisterCustomer(externalId, route.vendor(), profile, route.reasons())));
    }

    private void updateProfile(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final KycCaseView view = existing(tenant, ctx);
        final JsonNode body = JsonBodies.object(ctx, false);
        final JsonBodies check = new JsonBodies();
        final Profile profile = profile(check, body, "");
        check.throwIfInvalid();
        submission.submit(ctx, command(tenant, view.getCustomerId(), new UpdateProfile(profile)));
    }

    private void createApplicant(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final KycCaseView view = existing(tenant, ctx);
        new JsonBodies().onlyFields(JsonBodies.object(ctx, true), "", Set.of()).throwIfInvalid();
        submission.submit(ctx, command(tenant, view.getCustomerId(), new CreateApplicant()));
    }

    /** The file goes to the blob store; only its reference travels in the command. */
    private void addDocument(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final KycCaseView view = existing(tenant, ctx);
        submission.submit(ctx, command(tenant, view.getCustomerId(), new AddDocument(documents.receive(ctx, view.getCustomerId()))));
    }

    private void acceptAgreements(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final KycCaseView view = existing(tenant, ctx);
        final JsonNode body = JsonBodies.object(ctx, false);
        final JsonBodies check = new JsonBodies().onlyFields(body, "", AGREEMENT_FIELDS);
        final String privacy = check.optionalText(body, "", "privacyPolicyHash", 100);
        final String terms = check.optionalText(body, "", "termsAndConditionsHash", 100);
        check.throwIfInvalid();
        submission.submit(ctx, command(tenant, view.getCustomerId(), new AcceptAgreements(privacy, terms)));
    }

    private void requestLink(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final KycCaseView view = existing(tenant, ctx);
        final JsonNode body = JsonBodies.object(ctx, true);
        final JsonBodies check = new JsonBodies().onlyFields(body, "", LINK_FIELDS);
        final String locale = check.optionalText(body, "", "locale", 35, LOCALE);
        final String redirectUri = check.optionalText(body, "", "redirectUri", 2048, REDIRECT_URI);
        if (redirectUri != null && view.getVendor() == Vendor.GRID && RedirectUri.isAppScheme(redirectUri)) {
            // Grid's link call takes https only; refused here, the merchant hears why at once rather than from a failed link.
            check.problem("bad_request", "redirectUri must be an https URL for this customer's vendor, grid, which takes no app scheme");
        }
        check.throwIfInvalid();
        submission.submit(ctx, command(tenant, view.getCustomerId(), new RequestLink(locale, redirectUri)));
    }

    private void startVerification(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final KycCaseView view = existing(tenant, ctx);
        final JsonNode body = JsonBodies.object(ctx, true);
        new JsonBodies().onlyFields(body, "", Set.of()).throwIfInvalid();
        submission.submit(ctx, command(tenant, view.getCustomerId(), new StartVerification()));
    }

    private void getCase(final Context ctx) {
        Envelope.success(ctx, 200, CaseJson.of(existing(auth.tenant(ctx), ctx)));
    }

    private void getEvents(final Context ctx) {
        Envelope.success(ctx, 200, CaseJson.history(existing(auth.tenant(ctx), ctx)));
    }

    private KycCaseView existing(final Tenant tenant, final Context ctx) {
        final String customerId = ctx.pathParam("id");
        final CaseReader.Result result = cases.read(customerId);
        if (result instanceof CaseReader.Found found && found.view().getTenantId().equals(tenant.id())) {
            return found.view();
        }
        if (result instanceof CaseReader.Unavailable) {
            throw ApiError.serviceUnavailable("the case cannot be read right now; try again");
        }
        // Another tenant's customer is reported exactly like an unknown one.
        throw ApiError.notFound("no customer " + customerId);
    }

    /** The profile's fields, each in its format; the lengths are the vendors' (Paycc: e-mail 200, PAN 10). */
    private Profile profile(final JsonBodies check, final JsonNode node, final String path) {
        check.onlyFields(node, path, PROFILE_FIELDS);
        return new Profile(
                check.optionalText(node, path, "firstName", 200),
                check.optionalText(node, path, "lastName", 200),
                check.optionalText(node, path, "email", 200, EMAIL),
                check.optionalText(node, path, "phone", 16, PHONE),
                check.optionalText(node, path, "country", 2, COUNTRY),
                check.optionalText(node, path, "dateOfBirth", 10, birthDate),
                check.optionalText(node, path, "pan", 10, PAN),
                check.optionalText(node, path, "taxId", 13, RFC),
                check.optionalText(node, path, "profession", 50),
                check.optionalText(node, path, "birthCountry", 2, COUNTRY));
    }

    private KycCommand command(final Tenant tenant, final String customerId, final Object payload) {
        return KycCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setTenantId(tenant.id())
                .setCustomerId(customerId)
                .setIssuedAt(clock.instant())
                .setPayload(payload)
                .build();
    }

    private static Vendor vendor(final JsonBodies check, final String name) {
        if (name == null) {
            return null;
        }
        try {
            return Vendor.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            check.problem("bad_request", "vendor must be one of xgateway, grid, paycc, capa");
            return null;
        }
    }
}
