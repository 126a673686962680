package org.kycorchestrator.orchestrator.queries;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kycorchestrator.kafka.AvroJson;
import org.kycorchestrator.orchestrator.cases.CaseViews;
import org.kycorchestrator.orchestrator.topology.KycTopology;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.KycCaseView;

/**
 * Reads a case from the orchestrator's store through interactive queries. The instance that owns
 * the customer's partition answers; any other instance forwards the question to it over HTTP. While
 * partitions move, the answer is {@link CaseLookup.Unavailable}, never a wrong or empty case. Only
 * the active owner answers, and it answers from the store its transactions wrote, so a caller who
 * saw a command's outcome reads at least that state.
 */
public final class CaseQueries {

    public static final String INTERNAL_PATH = "/internal/v1/cases/";
    /** Internal reads carry this header, so that the route never serves a case to an outsider. */
    public static final String TOKEN_HEADER = "x-kyc-internal-token";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String internalToken;
    private final HttpClient http;

    public CaseQueries(final KafkaStreams streams, final HostInfo self, final String internalToken) {
        this.streams = Objects.requireNonNull(streams, "streams cannot be null");
        this.self = Objects.requireNonNull(self, "self cannot be null");
        this.internalToken = Objects.requireNonNull(internalToken, "internalToken cannot be null");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Answers here when this instance owns the case, else asks the owner. */
    public CaseLookup find(final String customerId) {
        final KeyQueryMetadata owner = owner(customerId);
        if (owner == null) {
            return new CaseLookup.Unavailable("the case's partition has no active owner yet");
        }
        return owner.activeHost().equals(self) ? findLocally(customerId, owner.partition()) : askOwner(owner.activeHost(), customerId);
    }

    /** Answers only from this instance's own store; used for questions forwarded by other instances. */
    public CaseLookup findLocally(final String customerId) {
        final KeyQueryMetadata owner = owner(customerId);
        if (owner == null || !owner.activeHost().equals(self)) {
            return new CaseLookup.Unavailable("this instance does not own the case right now");
        }
        return findLocally(customerId, owner.partition());
    }

    /** True when {@code token} is the cluster's internal token; compared in constant time. */
    public boolean isInternalToken(final String token) {
        return token != null && java.security.MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                internalToken.getBytes(StandardCharsets.UTF_8));
    }

    private KeyQueryMetadata owner(final String customerId) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return null;
        }
        final KeyQueryMetadata metadata = streams.queryMetadataForKey(KycTopology.CASE_STORE, customerId, Serdes.String().serializer());
        return metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) ? null : metadata;
    }

    private CaseLookup findLocally(final String customerId, final int partition) {
        try {
            final ReadOnlyKeyValueStore<String, KycCase> store = streams.store(StoreQueryParameters
                    .fromNameAndType(KycTopology.CASE_STORE, QueryableStoreTypes.<String, KycCase>keyValueStore())
                    .withPartition(partition));
            final KycCase kycCase = store.get(customerId);
            return kycCase == null ? new CaseLookup.NotFound() : new CaseLookup.Found(CaseViews.of(kycCase));
        } catch (InvalidStateStoreException e) {
            return new CaseLookup.Unavailable("the case's store is being restored or moved");
        }
    }

    private CaseLookup askOwner(final HostInfo owner, final String customerId) {
        final URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + INTERNAL_PATH
                + URLEncoder.encode(customerId, StandardCharsets.UTF_8) + "?scope=local");
        try {
            final HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                            .header(TOKEN_HEADER, internalToken).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return switch (response.statusCode()) {
                case 200 -> new CaseLookup.Found(AvroJson.read(response.body(), KycCaseView.class));
                case 404 -> new CaseLookup.NotFound();
                default -> new CaseLookup.Unavailable("the owner answered " + response.statusCode());
            };
        } catch (java.io.IOException e) {
            return new CaseLookup.Unavailable("the owner " + owner + " is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CaseLookup.Unavailable("interrupted");
        }
    }
}
