package org.kycorchestrator.workers.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

import org.kycorchestrator.blobs.BlobStore;
import org.kycorchestrator.blobs.BlobIds;
import org.kycorchestrator.documents.DocumentFormat;
import org.kycorchestrator.schemas.DocumentRef;
import org.kycorchestrator.workers.vendors.VendorCallException;

/**
 * A document a worker is to send a vendor: its reference from the topic, the format its bytes
 * start with, and a way to read those bytes from the blob store as often as a call is retried.
 * A document whose file this worker cannot read (a store not shared with the ingress, a file
 * removed) is refused without retrying: waiting does not bring it back.
 */
public final class StoredDocument {

    private final DocumentRef reference;
    private final DocumentFormat format;
    private final BlobStore store;

    private StoredDocument(final DocumentRef reference, final DocumentFormat format, final BlobStore store) {
        this.reference = reference;
        this.format = format;
        this.store = store;
    }

    /** Finds the document's file in the store and tells its format; {@code operation} names the vendor call in a refusal. */
    public static StoredDocument find(final BlobStore store, final DocumentRef reference, final String operation) {
        Objects.requireNonNull(store, "store cannot be null");
        final String id = reference.getSha256();
        if (!BlobIds.isValid(id)) {
            throw unavailable(operation, reference, "has no valid SHA-256");
        }
        try (InputStream head = store.get(id).orElseThrow(() -> unavailable(operation, reference, "is not in the blob store"))) {
            final Optional<DocumentFormat> format = DocumentFormat.of(head);
            return new StoredDocument(reference, format.orElseThrow(() -> unavailable(operation, reference, "is not a JPG, PNG or PDF")), store);
        } catch (IOException e) {
            throw unavailable(operation, reference, "cannot be read from the blob store");
        }
    }

    public DocumentRef reference() {
        return reference;
    }

    public DocumentFormat format() {
        return format;
    }

    /** A neutral file name for the vendor: the kind and the side, never what the merchant called the file. */
    public String fileName() {
        final String side = reference.getSide() == null ? "" : "-" + reference.getSide().toLowerCase(java.util.Locale.ROOT);
        return reference.getDocType().toLowerCase(java.util.Locale.ROOT) + side + "." + format.extension();
    }

    /** The file's bytes, opened afresh on each call. */
    public InputStream open() {
        try {
            return store.get(reference.getSha256()).orElseThrow(() -> new IOException("the blob is gone"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No vendor was called: 422 marks it a problem of our data, which retrying does not change (0 would be retried). */
    private static VendorCallException unavailable(final String operation, final DocumentRef reference, final String why) {
        return new VendorCallException(operation, 422, "document_unavailable",
                "document " + reference.getDocumentId() + " (" + reference.getDocType() + ") " + why
                        + "; the workers must reach the blob store the ingress writes to (KYC_BLOB_DIR)");
    }
}
