package org.kycorchestrator.blobs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where document files live: outside Kafka, addressed by their content. A blob's id is the
 * lower-case hex SHA-256 of its bytes, so storing the same bytes twice stores them once and gives
 * the same id, and a reader can check what it got. Only the id (with size and kind) travels on
 * topics; whoever needs the bytes (the ingress writes them, the provider workers read them) must
 * reach the same store.
 *
 * <p>{@link FileSystemBlobStore} keeps blobs under a directory; an S3-compatible store can implement
 * the same three calls.
 */
public interface BlobStore {

    /** What was stored: the blob's id (hex SHA-256) and its length in bytes. */
    record Stored(String id, long size) {
    }

    /**
     * Stores everything {@code content} holds, to its end, and answers its id. Once this returns, the
     * blob is durable; storing the same bytes again changes nothing. The stream is not closed.
     */
    Stored put(InputStream content) throws IOException;

    default Stored put(final byte[] content) throws IOException {
        return put(new ByteArrayInputStream(content));
    }

    /** The blob's bytes, for the caller to close; empty when there is no blob with this id. */
    Optional<InputStream> get(String id) throws IOException;

    boolean exists(String id) throws IOException;
}
