package org.kycorchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.config.Config;
import org.kycorchestrator.ingress.openapi.OpenApiContract;

/**
 * The whole system over real HTTP: the all-in-one app with its embedded broker, registry and
 * sandbox vendor, and a real webhook receiver standing in for the merchant.
 */
class KycFlowEndToEndTest {

    private static final String API_KEY = "e2e-test-key";
    private static final List<String> FLOW_STATES = List.of("CREATED", "PENDING_KYC_DATA", "KYC_PENDING", "VERIFICATION_IN_PROGRESS", "APPROVED");

    @TempDir
    Path dataDir;

    private WebhookReceiver receiver;
    private KycApp app;

    @BeforeEach
    void startApp() {
        receiver = new WebhookReceiver();
        app = KycApp.start(config());
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
        receiver.close();
    }

    @Test
    void aCustomerIsApprovedEndToEndAndTheMerchantReceivesEverySignedChangeInOrder() throws Exception {
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);

        // given a merchant with a webhook endpoint
        final ApiClient.Answer endpoint = api.post("/v1/webhook-endpoints", "{\"url\":\"" + receiver.url() + "\"}");
        assertThat(endpoint.status()).isEqualTo(201);
        assertThat(endpoint.body().path("success").asBoolean()).isTrue();
        final String secret = endpoint.data().path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(endpoint.data().path("id").asText()).isNotBlank();

        // when it registers a customer, creates the applicant, accepts the agreements, asks for a link and starts verification
        final MerchantFlow flow = new MerchantFlow(api);
        final String customerId = register(flow, "merchant-user-1", "Lovelace");
        assertThat(flow.applicant(customerId).path("state").asText()).isEqualTo("PENDING_KYC_DATA");
        assertThat(flow.agreements(customerId).path("state").asText()).as("documents are still missing").isEqualTo("PENDING_KYC_DATA");
        final JsonNode linked = flow.linked(customerId);
        assertThat(linked.path("state").asText()).as("the hosted flow collects the documents").isEqualTo("KYC_PENDING");
        assertThat(linked.path("link").path("url").asText()).contains("/xgateway/checkout/").contains("locale=en");

        assertThat(flow.verification(customerId).path("state").asText()).isIn("VERIFICATION_IN_PROGRESS", "APPROVED");

        // then the case ends approved, with its history
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/v1/customers/" + customerId + "/kyc").data().path("state").asText()).isEqualTo("APPROVED"));
        final ApiClient.Answer kycCase = api.get("/v1/customers/" + customerId + "/kyc");
        assertThat(kycCase.data().path("vendorStatus").asText()).isEqualTo("FULL_USER");
        assertThat(kycCase.data().path("sequence").asLong()).isEqualTo(5);
        final JsonNode events = api.get("/v1/customers/" + customerId + "/kyc/events").data();
        assertThat(states(events, "to")).containsExactly(FLOW_STATES.toArray(String[]::new));

        // and the merchant received each change once, in sequence, signed per Standard Webhooks
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesFor(customerId).size() >= 5);
        final List<WebhookReceiver.Delivery> deliveries = deliveriesFor(customerId);
        final Webhook verifier = new Webhook(secret);
        final List<String> deliveredStates = new ArrayList<>();
        final List<Long> sequences = new ArrayList<>();
        for (WebhookReceiver.Delivery delivery : deliveries) {
            verifier.verify(delivery.body(), delivery.headers());
            final JsonNode body = ApiClient.JSON.readTree(delivery.body());
            assertThat(delivery.headers().get("webhook-id")).containsExactly(body.path("id").asText());
            deliveredStates.add(body.path("data").path("to").asText());
            sequences.add(body.path("data").path("sequence").asLong());
            assertThat(body.path("data").path("tenantId").asText()).isEqualTo("demo");
            assertThat(delivery.body()).doesNotContain("Lovelace", "ada@example.com");
        }
        assertThat(deliveredStates).containsExactlyElementsOf(FLOW_STATES);
        assertThat(sequences).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ApiClient.JSON.readTree(deliveries.get(4).body()).path("type").asText()).isEqualTo("kyc.approved");
    }

    @Test
    void aCustomerTheVendorRejectsEndsHardFailedWithTheVendorsStatusAsReason() {
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);
        final MerchantFlow flow = new MerchantFlow(api);
        final String customerId = register(flow, "merchant-user-2", "Reject");
        readyForVerification(flow, customerId);
        flow.verification(customerId);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final JsonNode kycCase = api.get("/v1/customers/" + customerId + "/kyc").data();
            assertThat(kycCase.path("state").asText()).isEqualTo("HARD_KYC_FAILED");
            assertThat(kycCase.path("vendorStatus").asText()).isEqualTo("HARD_KYC_FAILED");
            assertThat(kycCase.path("reasonCodes").toString()).contains("vendor_status_hard_kyc_failed");
        });
    }

    @Test
    void anApprovedCustomerIsStillApprovedAfterTheAppRestartsOnTheSameData() {
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);
        final MerchantFlow flow = new MerchantFlow(api);
        final String customerId = register(flow, "merchant-user-3", "Hopper");
        readyForVerification(flow, customerId);
        flow.verification(customerId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/v1/customers/" + customerId + "/kyc").data().path("state").asText()).isEqualTo("APPROVED"));

        app.close();
        app = KycApp.start(config());

        final ApiClient restarted = new ApiClient(app.baseUrl(), API_KEY);
        final ApiClient.Answer kycCase = restarted.get("/v1/customers/" + customerId + "/kyc");
        assertThat(kycCase.status()).isEqualTo(200);
        assertThat(kycCase.data().path("state").asText()).isEqualTo("APPROVED");
        assertThat(restarted.get("/v1/customers/" + customerId + "/kyc/events").data()).hasSize(5);
    }

    @Test
    void aConsumerThatIsNotOursReadsKycStatusWithPlainAvroAndTheRegistrysAnswer() throws Exception {
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);
        final String customerId = register(new MerchantFlow(api), "merchant-user-4", "Curie");

        final GenericRecord event = firstStatusEventOf(customerId);

        assertThat(event.get("customerId").toString()).isEqualTo(customerId);
        assertThat(event.get("to").toString()).isEqualTo("CREATED");
        assertThat(event.get("sequence")).isEqualTo(1L);
        final JsonNode subjects = api.get("/schema-registry/subjects").body();
        assertThat(subjects.toString()).contains("kyc.status-value");
    }

    @Test
    void badInputGetsAClearClientErrorInTheEnvelopeAndPublishesNothing() {
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);
        final long commandsBefore = commandsOnTopic();

        final ApiClient.Answer malformed = api.post("/v1/customers", "{\"externalId\": ");
        final ApiClient.Answer noKey = api.withKey(null).post("/v1/customers", "{\"externalId\":\"x\"}");
        final ApiClient.Answer wrongKey = api.withKey("not-a-key").get("/v1/customers/abc/kyc");
        final ApiClient.Answer unknownCustomer = api.post("/v1/customers/no-such-customer/kyc/link", "{}");
        final ApiClient.Answer unknownField = api.post("/v1/customers", "{\"externalId\":\"x\",\"ssn\":\"123\"}");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.firstErrorCode()).isEqualTo("bad_request");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.firstErrorCode()).isEqualTo("unauthorized");
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(unknownCustomer.status()).isEqualTo(404);
        assertThat(unknownCustomer.firstErrorCode()).isEqualTo("not_found");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.body().path("errors").path(0).path("message").asText()).contains("ssn");
        for (ApiClient.Answer answer : List.of(malformed, noKey, wrongKey, unknownCustomer, unknownField)) {
            assertThat(answer.body().path("success").asBoolean()).isFalse();
            assertThat(answer.body().toString()).doesNotContain("Exception", "at org.");
        }
        assertThat(commandsOnTopic()).isEqualTo(commandsBefore);
    }

    @Test
    void aVendorCallbackIsCheckedAndARepeatIsAcknowledgedButNotPublishedAgain() {
        // given a customer of the demo tenant: a callback must name one of the account's customers
        final String customerId = register(new MerchantFlow(new ApiClient(app.baseUrl(), API_KEY)), "merchant-user-cb", "Lovelace");
        final ApiClient vendor = new ApiClient(app.baseUrl(), null);
        final String hash = org.kycorchestrator.workers.xgateway.XGatewayCallbackVerifier.expectedHash(customerId, KycApp.SANDBOX_XGATEWAY_SECRET);
        final String callback = "{\"callbackType\":\"kyc\",\"customerId\":\"" + customerId + "\",\"status\":\"FULL_USER\",\"hash\":\"" + hash + "\"}";

        final ApiClient.Answer first = vendor.post("/v1/providers/xgateway/callbacks", callback);
        final ApiClient.Answer repeat = vendor.post("/v1/providers/xgateway/callbacks", callback);
        final ApiClient.Answer forged = vendor.post("/v1/providers/xgateway/callbacks", callback.replace(hash, "Zm9yZ2Vk"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.data().path("duplicate").asBoolean()).isTrue();
        assertThat(forged.status()).isEqualTo(401);
        assertThat(callbacksPublishedFor(customerId)).isEqualTo(1);
    }

    @Test
    void everyRouteOfTheAppIsInTheOpenApiDocumentWhichItServesAndEveryDocumentedRouteIsServed() {
        // given the app's routes, from its router, and the document it serves
        final Set<String> served = new TreeSet<>(app.routes());
        final ApiClient anyone = new ApiClient(app.baseUrl(), null);
        final ApiClient.Answer document = anyone.get("/openapi.json");

        // then the two agree both ways, and the document is docs/openapi.yaml
        final OpenApiContract contract = OpenApiContract.fromClasspath();
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body()).isEqualTo(contract.document());
        assertThat(served).isEqualTo(contract.operations());
        // and the operations routes answer as documented too (each answer is checked by the client)
        assertThat(anyone.get("/health/live").status()).isEqualTo(200);
        assertThat(anyone.get("/health/ready").status()).isEqualTo(200);
        assertThat(anyone.get("/metrics").status()).isEqualTo(200);
    }

    @Test
    void theInternalCaseRouteServesNobodyWithoutTheClustersToken() {
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);
        final String customerId = register(new MerchantFlow(api), "merchant-user-6", "Meitner");

        final ApiClient.Answer outsider = api.get("/internal/v1/cases/" + customerId);

        assertThat(outsider.status()).isEqualTo(401);
        assertThat(outsider.body().toString()).doesNotContain(customerId);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "a customer from {0} is verified by {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "GB | xgateway | \"phone\":\"+442071234567\"",
            "IN | paycc    | \"phone\":\"+919876543210\",\"pan\":\"ABCDE1234F\""})
    void aCustomerFromEachRoutingCountryIsApprovedByItsVendor(final String country, final String vendor, final String extra) {
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);
        final MerchantFlow flow = new MerchantFlow(api);
        final JsonNode registered = flow.registered("""
                {"externalId":"routed-%s","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","country":"%s",%s}}
                """.formatted(country, country, extra));
        assertThat(registered.path("vendor").asText()).isEqualTo(vendor);
        final String customerId = registered.path("customerId").asText();
        readyForVerification(flow, customerId);
        flow.verification(customerId);

        await().atMost(Duration.ofSeconds(45)).untilAsserted(() ->
                assertThat(api.get("/v1/customers/" + customerId + "/kyc").data().path("state").asText()).isEqualTo("APPROVED"));
        assertThat(api.get("/v1/customers/" + customerId + "/kyc/events").data().path(0).path("reasonCodes").toString())
                .contains("routed_by_country");
    }

    @Test
    void verificationBeforeTheDataIsCompleteIsRefusedWithEveryMissingItem() {
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);
        final MerchantFlow flow = new MerchantFlow(api);
        final String customerId = register(flow, "merchant-user-5", "Noether");

        final ApiClient.Answer tooEarly = api.post("/v1/customers/" + customerId + "/kyc/verification", "", "Prefer", "wait=20");
        assertThat(tooEarly.status()).isEqualTo(409);
        assertThat(tooEarly.firstErrorCode()).isEqualTo("conflict");

        flow.applicant(customerId);
        final ApiClient.Answer missing = api.post("/v1/customers/" + customerId + "/kyc/verification", "", "Prefer", "wait=20");
        assertThat(missing.status()).isEqualTo(412);
        assertThat(missing.firstErrorCode()).isEqualTo("precondition_failed");
        assertThat(missing.body().path("errors").path(0).path("message").asText())
                .contains("documents.identity", "documents.selfie", "documents.proof_of_address", "agreements.privacy_policy");
        assertThat(api.get("/v1/customers/" + customerId + "/kyc").data().path("state").asText()).isEqualTo("PENDING_KYC_DATA");
    }

    @Test
    void theMerchantReadsItsDeliveryLogReplaysWebhooksAndGetsWhatItMissedWhileItsEndpointWasDisabled() throws Exception {
        final ApiClient api = new ApiClient(app.baseUrl(), API_KEY);
        final MerchantFlow flow = new MerchantFlow(api);

        // given an endpoint that has received a customer's first webhook
        final java.time.Instant before = java.time.Instant.now();
        final String endpointId = api.post("/v1/webhook-endpoints", "{\"url\":\"" + receiver.url() + "\"}").data().path("id").asText();
        final String customerId = register(flow, "merchant-user-log", "Hopper");
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesFor(customerId).size() == 1);
        final String firstWebhookId = deliveriesFor(customerId).get(0).headers().get("webhook-id").get(0);

        // when it reads its delivery log
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?customerId=" + customerId).data().path("items").size() == 1);
        final JsonNode attempt = api.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?customerId=" + customerId)
                .data().path("items").path(0);

        // then it sees the attempt
        assertThat(attempt.path("webhookId").asText()).isEqualTo(firstWebhookId);
        assertThat(attempt.path("outcome").asText()).isEqualTo("delivered");
        assertThat(attempt.path("statusCode").asInt()).isEqualTo(204);
        assertThat(attempt.path("eventType").asText()).isEqualTo("kyc.created");

        // when it asks for every event since before the customer registered
        final ApiClient.Answer replay = api.post("/v1/webhook-endpoints/" + endpointId + "/replay", "{\"since\":\"" + before + "\"}");

        // then the webhook comes again, under its own id
        assertThat(replay.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesFor(customerId).size() == 2);
        assertThat(deliveriesFor(customerId).get(1).headers().get("webhook-id")).containsExactly(firstWebhookId);

        // when the endpoint is disabled while the customer moves on, then enabled again
        assertThat(api.post("/v1/webhook-endpoints/" + endpointId + "/disable", "{}").status()).isEqualTo(200);
        flow.applicant(customerId);
        assertThat(deliveriesFor(customerId)).hasSize(2);
        assertThat(api.post("/v1/webhook-endpoints/" + endpointId + "/enable", "{}").status()).isEqualTo(200);

        // then what it missed arrives
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesFor(customerId).size() == 3);
        assertThat(ApiClient.JSON.readTree(deliveriesFor(customerId).get(2).body()).path("data").path("to").asText())
                .isEqualTo("PENDING_KYC_DATA");
    }

    private static void readyForVerification(final MerchantFlow flow, final String customerId) {
        flow.applicant(customerId);
        flow.agreements(customerId);
        flow.link(customerId);
    }

    private static String register(final MerchantFlow flow, final String externalId, final String lastName) {
        final JsonNode registered = flow.registered("""
                {"externalId":"%s","profile":{"firstName":"Ada","lastName":"%s","email":"ada@example.com","country":"GB"}}
                """.formatted(externalId, lastName));
        assertThat(registered.path("state").asText()).isEqualTo("CREATED");
        assertThat(registered.path("commandId").asText()).isNotBlank();
        return registered.path("customerId").asText();
    }

    private List<WebhookReceiver.Delivery> deliveriesFor(final String customerId) {
        return receiver.deliveries().stream().filter(d -> d.body().contains(customerId)).collect(Collectors.toList());
    }

    private static List<String> states(final JsonNode events, final String field) {
        final List<String> states = new ArrayList<>();
        events.forEach(e -> states.add(e.path(field).asText()));
        return states;
    }

    /** Decodes without our serde: the wire format by hand, the writer schema from the registry's JSON. */
    private GenericRecord firstStatusEventOf(final String customerId) throws Exception {
        final List<GenericRecord> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", "localhost:" + kafkaPort(), "group.id", "outside-consumer-" + customerId,
                "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("kyc.status"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (customerId.equals(record.key())) {
                        found.add(decode(record.value()));
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private GenericRecord decode(final byte[] bytes) throws Exception {
        assertThat(bytes[0]).isZero();
        final int schemaId = ByteBuffer.wrap(bytes, 1, 4).getInt();
        final JsonNode answer = new ApiClient(app.baseUrl(), null).get("/schema-registry/schemas/ids/" + schemaId).body();
        final Schema writer = new Schema.Parser().parse(answer.path("schema").asText());
        return new GenericDatumReader<GenericRecord>(writer).read(null,
                DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    }

    private long commandsOnTopic() {
        return recordsOn("kyc.commands");
    }

    /** The vendor callbacks about the customer that reached kyc.provider-results. */
    private long callbacksPublishedFor(final String customerId) {
        final org.kycorchestrator.kafka.KycTopics topics = new org.kycorchestrator.kafka.KycTopics(
                new org.kycorchestrator.kafka.HttpSchemaRegistryClient(app.baseUrl() + org.kycorchestrator.app.registry.SchemaRegistryRoutes.PREFIX));
        try (KafkaConsumer<String, org.kycorchestrator.schemas.providers.ProviderResult> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", "localhost:" + kafkaPort()), new StringDeserializer(),
                topics.providerResults().valueSerde().deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor("kyc.provider-results").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long callbacks = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, org.kycorchestrator.schemas.providers.ProviderResult> record : consumer.poll(Duration.ofMillis(200))) {
                    if (customerId.equals(record.key()) && record.value().getPayload() instanceof org.kycorchestrator.schemas.providers.CallbackReceived) {
                        callbacks++;
                    }
                }
            }
            return callbacks;
        }
    }

    private long recordsOn(final String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", "localhost:" + kafkaPort()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private int kafkaPort;

    private int kafkaPort() {
        return kafkaPort;
    }

    private Config config() {
        if (kafkaPort == 0) {
            kafkaPort = freePort();
        }
        return Config.of(Map.of(
                "KYC_DATA_DIR", dataDir.toString(),
                "KYC_HTTP_PORT", "0",
                "KYC_KAFKA_PORT", String.valueOf(kafkaPort),
                "KYC_SANDBOX_PORT", "0",
                "KYC_DEMO_API_KEY", API_KEY,
                "KYC_WEBHOOK_RETRY_SCHEDULE", "0s,200ms,1s",
                // Vendors without callbacks are polled; a short timeout keeps the test quick.
                "KYC_VERIFICATION_TIMEOUT", "1s",
                "KYC_ORCHESTRATOR_TIMER_INTERVAL", "200ms"));
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
