package org.kycorchestrator.bench.runs;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.kycorchestrator.ingress.customers.CustomerRoutes;
import org.kycorchestrator.ingress.tenants.Tenants;
import org.kycorchestrator.tenants.Tenant;

/**
 * One customer's whole KYC flow through the API, as a merchant's backend drives it: register,
 * applicant, four documents (selfie, both sides of an ID card, a utility bill), agreements, hosted
 * link, verification, each command waiting for its outcome ({@code Prefer: wait}), as the next one
 * needs the state the previous one made; then the {@code kyc.approved} webhook. Asynchronous from
 * end to end: no thread waits for any of it.
 */
final class KycFlow {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(60);
    private static final String HASH = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String AGREEMENTS = "{\"privacyPolicyHash\":\"" + HASH + "\",\"termsAndConditionsHash\":\"" + HASH + "\"}";
    private static final Tenant DEMO = new Tenant(Tenants.DEMO_TENANT_ID);
    /** Small files that pass the API's format checks by their first bytes. */
    private static final List<Document> DOCUMENTS = List.of(
            new Document("SELFIE", null, "selfie.jpg", file(0xFF, 0xD8, 0xFF, 0xE0)),
            new Document("ID_CARD", "front", "front.png", file(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n')),
            new Document("ID_CARD", "back", "back.jpg", file(0xFF, 0xD8, 0xFF, 0xE1)),
            new Document("UTILITY_BILL", null, "bill.pdf", file('%', 'P', 'D', 'F', '-', '1', '.', '7')));

    private record Document(String type, String side, String fileName, byte[] content) {
    }

    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final Map<String, CompletableFuture<Long>> approvals = new ConcurrentHashMap<>();

    KycFlow(final HttpClient http, final String baseUrl, final String apiKey) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** The merchant's receiver calls this for each {@code kyc.approved} webhook, with its arrival time. */
    void approved(final String customerId, final long arrivalNanos) {
        final CompletableFuture<Long> waiting = approvals.remove(customerId);
        if (waiting != null) {
            waiting.complete(arrivalNanos);
        }
    }

    /** Runs one flow; {@code verificationToWebhook} gets the nanoseconds from the verification command to the webhook. */
    CompletableFuture<Boolean> run(final String externalId, final LongConsumer verificationToWebhook) {
        final String id = CustomerRoutes.customerId(DEMO, externalId);
        final String customer = "/v1/customers/" + id;
        CompletableFuture<Void> flow = json("register", "/v1/customers", """
                {"externalId":"%s","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","country":"GB"}}"""
                .formatted(externalId), 201)
                .thenCompose(x -> json("applicant", customer + "/kyc/applicant", "{}", 201));
        for (Document document : DOCUMENTS) {
            flow = flow.thenCompose(x -> upload(customer + "/kyc/documents", document));
        }
        final CompletableFuture<Long> approval = new CompletableFuture<>();
        return flow
                .thenCompose(x -> json("agreements", customer + "/kyc/agreements", AGREEMENTS, 200))
                .thenCompose(x -> json("link", customer + "/kyc/link", "{\"locale\":\"en\"}", 201))
                .thenCompose(x -> {
                    approvals.put(id, approval);
                    final long sent = System.nanoTime();
                    return json("verification", customer + "/kyc/verification", "{}", 200)
                            .thenCompose(y -> approval.orTimeout(WEBHOOK_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                            .thenApply(arrived -> {
                                verificationToWebhook.accept(arrived - sent);
                                return true;
                            });
                })
                .whenComplete((ok, error) -> approvals.remove(id));
    }

    private CompletableFuture<Void> json(final String step, final String path, final String body, final int expected) {
        return send(step, request(path).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), expected);
    }

    private CompletableFuture<Void> upload(final String path, final Document document) {
        final String boundary = "bench-" + System.nanoTime();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(part(boundary, "type", document.type()));
        if (document.side() != null) {
            body.writeBytes(part(boundary, "side", document.side()));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + document.fileName()
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(document.content());
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("documents", request(path).header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), 201);
    }

    private HttpRequest.Builder request(final String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("x-api-key", apiKey).header("Prefer", "wait=30");
    }

    private CompletableFuture<Void> send(final String step, final HttpRequest request, final int expected) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
            if (response.statusCode() != expected) {
                // the status and the error code only: the body may name the customer
                throw new CompletionException(new IllegalStateException(step + " answered " + response.statusCode() + " "
                        + response.body().replaceAll(".*\"code\"\\s*:\\s*\"([^\"]*)\".*", "$1")));
            }
        });
    }

    private static byte[] part(final String boundary, final String name, final String value) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] file(final int... signature) {
        final byte[] bytes = new byte[2048];
        new java.util.Random(signature.length).nextBytes(bytes);
        for (int i = 0; i < signature.length; i++) {
            bytes[i] = (byte) signature[i];
        }
        return bytes;
    }
}
