package org.kycorchestrator.ingress.cases;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import org.kycorchestrator.kafka.AvroJson;
import org.kycorchestrator.schemas.commands.KycCaseView;

/** Reads cases from an orchestrator instance's {@code /internal/v1/cases/{id}}; it forwards to the owner. */
public final class HttpCaseReader implements CaseReader {

    private final String baseUrl;
    private final String internalToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public HttpCaseReader(final String orchestratorUrl, final String internalToken) {
        this.baseUrl = Objects.requireNonNull(orchestratorUrl, "orchestratorUrl cannot be null").replaceAll("/+$", "");
        this.internalToken = Objects.requireNonNull(internalToken, "internalToken cannot be null");
    }

    @Override
    public Result read(final String customerId) {
        final URI uri = URI.create(baseUrl + "/internal/v1/cases/" + URLEncoder.encode(customerId, StandardCharsets.UTF_8));
        try {
            final HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                            .header("x-kyc-internal-token", internalToken).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return switch (response.statusCode()) {
                case 200 -> new Found(AvroJson.read(response.body(), KycCaseView.class));
                case 404 -> new NotFound();
                default -> new Unavailable("the orchestrator answered " + response.statusCode());
            };
        } catch (IOException e) {
            return new Unavailable("the orchestrator is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted");
        }
    }
}
