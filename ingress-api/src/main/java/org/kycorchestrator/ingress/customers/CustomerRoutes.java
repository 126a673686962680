package org.kycorchestrator.ingress.customers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.ingress.http.Auth;
import org.kycorchestrator.ingress.http.Envelope;
import org.kycorchestrator.ingress.http.JsonBodies;
import org.kycorchestrator.ingress.kafka.CaseViews;
import org.kycorchestrator.ingress.kafka.CommandOutcomes;
import org.kycorchestrator.ingress.kafka.Publisher;
import org.kycorchestrator.ingress.tenants.Tenant;
import org.kycorchestrator.kafka.KycTopics;
import org.kycorchestrator.schemas.Profile;
import org.kycorchestrator.schemas.Vendor;
import org.kycorchestrator.schemas.commands.KycCaseView;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.RegisterCustomer;
import org.kycorchestrator.schemas.commands.RequestLink;
import org.kycorchestrator.schemas.commands.StartVerification;

/** The customer and KYC case routes: check the caller and the body, publish the command, answer. */
public final class CustomerRoutes {

    private static final Set<String> REGISTER_FIELDS = Set.of("externalId", "profile", "vendor");
    private static final Set<String> PROFILE_FIELDS = Set.of("firstName", "lastName", "email", "phone", "country", "dateOfBirth");
    private static final Set<String> LINK_FIELDS = Set.of("locale", "redirectUri");

    private final Auth auth;
    private final CaseViews cases;
    private final CommandSubmission submission;
    private final Clock clock;

    public CustomerRoutes(final Auth auth, final KycTopics topics, final Publisher publisher, final CommandOutcomes outcomes,
                          final CaseViews cases, final Clock clock) {
        this.auth = Objects.requireNonNull(auth, "auth cannot be null");
        this.cases = Objects.requireNonNull(cases, "cases cannot be null");
        this.submission = new CommandSubmission(topics, publisher, outcomes);
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    public void register(final RoutesConfig routes) {
        routes.post("/v1/customers", this::registerCustomer);
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
        final JsonNode profileNode = check.optionalObject(body, "", "profile");
        check.onlyFields(profileNode, "profile.", PROFILE_FIELDS);
        final Profile profile = new Profile(
                check.optionalText(profileNode, "profile.", "firstName", 200),
                check.optionalText(profileNode, "profile.", "lastName", 200),
                check.optionalText(profileNode, "profile.", "email", 200),
                check.optionalText(profileNode, "profile.", "phone", 32),
                check.optionalText(profileNode, "profile.", "country", 2),
                check.optionalText(profileNode, "profile.", "dateOfBirth", 10));
        final Vendor vendor = vendor(check, check.optionalText(body, "", "vendor", 20));
        check.throwIfInvalid();
        submission.submit(ctx, command(tenant, customerId(tenant, externalId), new RegisterCustomer(externalId, vendor, profile)));
    }

    private void requestLink(final Context ctx) {
        final Tenant tenant = auth.tenant(ctx);
        final KycCaseView view = existing(tenant, ctx);
        final JsonNode body = JsonBodies.object(ctx, true);
        final JsonBodies check = new JsonBodies().onlyFields(body, "", LINK_FIELDS);
        final String locale = check.optionalText(body, "", "locale", 35);
        final String redirectUri = check.optionalText(body, "", "redirectUri", 2048);
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
        Envelope.success(ctx, 200, CaseJson.events(existing(auth.tenant(ctx), ctx)));
    }

    private KycCaseView existing(final Tenant tenant, final Context ctx) {
        final String customerId = ctx.pathParam("id");
        return cases.find(tenant, customerId).orElseThrow(() -> ApiError.notFound("no customer " + customerId));
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
            return Vendor.XGATEWAY;
        }
        try {
            return Vendor.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            check.problem("bad_request", "vendor must be one of xgateway, grid, paycc, capa");
            return Vendor.XGATEWAY;
        }
    }
}
