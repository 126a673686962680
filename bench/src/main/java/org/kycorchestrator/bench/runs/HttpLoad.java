package org.kycorchestrator.bench.runs;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.kycorchestrator.bench.load.LoadGenerator;

/** The merchant's registration request both HTTP runs send, so the baseline and the API carry the same bytes. */
final class HttpLoad {

    static final String API_KEY = "bench-api-key";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private HttpLoad() {
    }

    static String registration(final String externalId) {
        return """
                {"externalId":"%s","profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","country":"GB"}}"""
                .formatted(externalId);
    }

    /** One POST of a registration; succeeds on the expected status. */
    static LoadGenerator.Operation postRegistration(final LoadGenerator generator, final URI uri, final int expectedStatus,
                                                   final String runId) {
        return (client, sequence) -> {
            final HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("content-type", "application/json").header("x-api-key", API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(registration(runId + "-" + client + "-" + sequence))).build();
            final CompletableFuture<HttpResponse<Void>> answer = generator.http().sendAsync(request, HttpResponse.BodyHandlers.discarding());
            return answer.thenApply(response -> response.statusCode() == expectedStatus);
        };
    }
}
