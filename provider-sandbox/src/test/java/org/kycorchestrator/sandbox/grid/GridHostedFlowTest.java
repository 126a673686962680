package org.kycorchestrator.sandbox.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kycorchestrator.sandbox.ProviderSandbox;
import org.kycorchestrator.sandbox.SandboxSettings;

/**
 * The simulated hosted flow: after a link the sandbox submits it for the customer, then decides it
 * by the customer's name, and Grid's signed webhooks reach a real platform endpoint.
 */
class GridHostedFlowTest {

    private static final String CLIENT_ID = "grid-flow-client";
    private static final String SECRET = "grid-flow-secret";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static WebhookReceiver receiver;
    private static ProviderSandbox sandbox;
    private static GridApi api;

    @BeforeAll
    static void startSandbox() {
        receiver = WebhookReceiver.start();
        sandbox = ProviderSandbox.start(new SandboxSettings(0, "k", "s", null, Duration.ofMillis(10)),
                new GridSettings(CLIENT_ID, SECRET, receiver.url(), Duration.ofMillis(50)));
        api = new GridApi(sandbox.gridBaseUrl(), CLIENT_ID, SECRET);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
        receiver.close();
    }

    @Test
    void afterALinkTheCustomerSubmitsTheFlowAndIsApprovedWithAWebhookForEveryChange() {
        final String id = api.createCustomer(GridSimulatorTest.newPlatformId(), "Ada Lovelace");

        api.kycLink(id);

        await().atMost(WAIT).until(() -> receiver.typesFor(id).size() == 4);
        assertThat(receiver.typesFor(id)).containsExactlyInAnyOrder("VERIFICATION.IN_PROGRESS", "CUSTOMER.KYC_PENDING",
                "VERIFICATION.APPROVED", "CUSTOMER.KYC_APPROVED");
        assertThat(api.kycStatusOf(id)).isEqualTo("APPROVED");
        final JsonNode verification = api.latestVerification(id);
        assertThat(verification.path("id").asText()).matches("Verification:[0-9a-f-]{36}");
        assertThat(verification.path("customerId").asText()).isEqualTo(id);
        assertThat(verification.path("verificationStatus").asText()).isEqualTo("APPROVED");
        assertThat(verification.path("errors")).isEmpty();
    }

    @Test
    void everyWebhookIsSignedOverItsRawBodyWithTheSandboxKey() {
        final String id = api.createCustomer(GridSimulatorTest.newPlatformId(), "Ada Lovelace");

        api.kycLink(id);

        await().atMost(WAIT).until(() -> receiver.typesFor(id).size() == 4);
        for (final WebhookReceiver.Delivery delivery : receiver.deliveriesFor(id)) {
            assertThat(delivery.contentType()).startsWith("application/json");
            assertThat(GridApi.json(delivery.signature()).path("v").asText()).isEqualTo("1");
            assertThat(WebhookSignatures.verifies(sandbox.gridWebhookPublicKeyPem(), delivery.signature(), delivery.rawBody()))
                    .isTrue();
            final JsonNode webhook = delivery.json();
            assertThat(webhook.fieldNames()).toIterable().containsExactly("id", "type", "timestamp", "data");
            assertThat(webhook.path("id").asText()).matches("Webhook:[0-9a-f-]{36}");
            assertThat(Instant.parse(webhook.path("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));
        }
        final WebhookReceiver.Delivery approved = receiver.deliveriesFor(id).stream()
                .filter(d -> d.type().equals("CUSTOMER.KYC_APPROVED")).findFirst().orElseThrow();
        assertThat(approved.json().path("data")).isEqualTo(GridApi.json(api.customer(id)));
        final byte[] tampered = new String(approved.rawBody()).replace("APPROVED", "REJECTED").getBytes();
        assertThat(WebhookSignatures.verifies(sandbox.gridWebhookPublicKeyPem(), approved.signature(), tampered)).isFalse();
    }

    @ParameterizedTest(name = "full name \"{0}\" ends {1} with verification {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "Ada Lovelace | APPROVED | APPROVED              | ''",
            "Ada Reject   | REJECTED | REJECTED              | SUSPECTED_FRAUD_DOCUMENT",
            "Ada Lace002  | REJECTED | REJECTED              | SUSPECTED_FRAUD_DOCUMENT",
            "Ada soft     | HOLD     | RESOLVE_ERRORS        | MISSING_IDENTITY_DOCUMENT",
            "Ada Lace003  | PENDING  | RESOLVE_ERRORS        | MISSING_FIELD MISSING_PROOF_OF_ADDRESS_DOCUMENT",
            "Ada Review   | PENDING  | PENDING_MANUAL_REVIEW | ''",
            "Ada Review002| REJECTED | REJECTED              | SUSPECTED_FRAUD_DOCUMENT",
    })
    void theNameChoosesTheOutcome(final String fullName, final String kycStatus, final String verificationStatus,
                                  final String errorTypes) {
        final String id = api.createCustomer(GridSimulatorTest.newPlatformId(), fullName);

        api.kycLink(id);

        await().atMost(WAIT).until(() -> verificationStatus.equals(api.latestVerification(id).path("verificationStatus").asText()));
        assertThat(api.kycStatusOf(id)).isEqualTo(kycStatus);
        final List<String> types = api.latestVerification(id).path("errors").findValuesAsText("type");
        assertThat(types).containsExactly(errorTypes.isBlank() ? new String[0] : errorTypes.split(" "));
        await().atMost(WAIT).until(() -> receiver.typesFor(id).contains("VERIFICATION." + verificationStatus));
    }

    @Test
    void theTypedErrorsNameTheCustomerAndWhatWouldResolveThem() {
        final String id = api.createCustomer(GridSimulatorTest.newPlatformId(), "Ada Lace003");

        api.kycLink(id);

        await().atMost(WAIT).until(() -> "RESOLVE_ERRORS".equals(api.latestVerification(id).path("verificationStatus").asText()));
        final JsonNode errors = api.latestVerification(id).path("errors");
        assertThat(errors.path(0).path("resourceId").asText()).isEqualTo(id);
        assertThat(errors.path(0).path("field").asText()).isEqualTo("customer.address.line1");
        assertThat(errors.path(0).path("reason").asText()).isNotBlank();
        assertThat(errors.path(1).path("acceptedDocumentTypes").get(0).asText()).isEqualTo("PROOF_OF_ADDRESS");
        assertThat(errors.path(0).has("acceptedDocumentTypes")).isFalse();
    }

    @Test
    void aPendingNameStaysInProgressAndIsNeverDecided() {
        final String id = api.createCustomer(GridSimulatorTest.newPlatformId(), "Ada Lace001");

        api.kycLink(id);

        await().atMost(WAIT).until(() -> "IN_PROGRESS".equals(api.latestVerification(id).path("verificationStatus").asText()));
        await().during(Duration.ofMillis(400)).atMost(WAIT)
                .until(() -> "IN_PROGRESS".equals(api.latestVerification(id).path("verificationStatus").asText()));
        assertThat(api.kycStatusOf(id)).isEqualTo("PENDING");
        assertThat(receiver.typesFor(id)).containsExactlyInAnyOrder("VERIFICATION.IN_PROGRESS", "CUSTOMER.KYC_PENDING");
    }

    @Test
    void aCustomerOnHoldRecoversByFixingTheNameAndGoingThroughANewLink() {
        final String id = api.createCustomer(GridSimulatorTest.newPlatformId(), "Ada Soft");
        api.kycLink(id);
        await().atMost(WAIT).until(() -> "HOLD".equals(api.kycStatusOf(id)));

        api.patch("/customers/" + id, "{\"customerType\":\"INDIVIDUAL\",\"fullName\":\"Ada Lovelace\"}");
        api.kycLink(id);

        await().atMost(WAIT).until(() -> "APPROVED".equals(api.kycStatusOf(id)));
        final JsonNode verifications = GridApi.json(api.verifications(id)).path("data");
        assertThat(verifications.findValuesAsText("verificationStatus")).containsExactly("APPROVED", "RESOLVE_ERRORS");
    }

    @Test
    void linksWhileTheFlowIsUnderWayOrDecidedStartNoNewVerification() {
        final String id = api.createCustomer(GridSimulatorTest.newPlatformId(), "Ada Lovelace");
        api.kycLink(id);
        api.kycLink(id);
        await().atMost(WAIT).until(() -> "APPROVED".equals(api.kycStatusOf(id)));

        api.kycLink(id);

        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> GridApi.json(api.verifications(id)).path("data").size() == 1);
    }

    @Test
    void aWebhookAnsweredWithAnErrorIsSentAgainUntilAccepted() {
        final String id = api.createCustomer(GridSimulatorTest.newPlatformId(), "Ada Lovelace");
        receiver.answer(id, 500, 2);

        api.kycLink(id);

        await().atMost(WAIT).until(() -> receiver.typesFor(id).contains("CUSTOMER.KYC_APPROVED"));
        final List<WebhookReceiver.Delivery> pending = receiver.deliveriesFor(id).stream()
                .filter(d -> d.type().equals("CUSTOMER.KYC_PENDING")).toList();
        final List<Integer> answers = pending.stream().map(WebhookReceiver.Delivery::answeredWith).toList();
        assertThat(answers).containsExactly(500, 500, 200);
        assertThat(pending.stream().map(WebhookReceiver.Delivery::id).distinct()).hasSize(1);
        assertThat(pending.stream().map(WebhookReceiver.Delivery::signature).distinct()).hasSize(1);
    }

    @Test
    void aWebhookAnswered409IsAlreadyThereAndNotSentAgain() {
        final String id = api.createCustomer(GridSimulatorTest.newPlatformId(), "Ada Lovelace");
        receiver.answer(id, 409, Integer.MAX_VALUE);

        api.kycLink(id);

        await().atMost(WAIT).until(() -> receiver.deliveriesFor(id).stream().anyMatch(d -> d.type().equals("CUSTOMER.KYC_APPROVED")));
        await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> receiver.deliveriesFor(id).size() == 4);
        assertThat(receiver.deliveriesFor(id)).extracting(WebhookReceiver.Delivery::answeredWith).containsOnly(409);
    }
}
