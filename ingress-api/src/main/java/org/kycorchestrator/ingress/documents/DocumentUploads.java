package org.kycorchestrator.ingress.documents;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import org.kycorchestrator.blobs.BlobStore;
import org.kycorchestrator.documents.DocumentFormat;
import org.kycorchestrator.ingress.http.ApiError;
import org.kycorchestrator.schemas.DocumentRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a document upload ({@code multipart/form-data} with {@code type}, {@code side} and
 * {@code file}) and stores the file in the blob store; what is returned is the reference that
 * travels on topics (id, kind, side, SHA-256 and size), never the file.
 *
 * <p>The file may be at most {@value #MAX_FILE_BYTES} bytes. A larger {@code Content-Length} is
 * refused before anything is read; a body without one is parsed by Jetty under the same limits,
 * with parts above {@value #IN_MEMORY_BYTES} bytes spooled to disk, so no upload is ever held whole
 * in memory or read past the limit. The file's format is told by its first bytes
 * ({@link DocumentFormat}): JPG, PNG or PDF, else 415.
 */
public final class DocumentUploads {

    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(DocumentUploads.class);
    /** The file, plus room for the other fields and the multipart framing. */
    static final long MAX_REQUEST_BYTES = MAX_FILE_BYTES + 64 * 1024;
    static final int IN_MEMORY_BYTES = 256 * 1024;
    /** The request attribute Jetty reads a part's limits from (Javalin sets its own only when this is absent). */
    private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    private static final String MULTIPART = "multipart/form-data";

    private final BlobStore store;
    private final Path spool;

    /**
     * @param store where files go
     * @param spool where Jetty may keep large parts while the request lasts; best on the store's disk,
     *              since documents are personal data
     */
    public DocumentUploads(final BlobStore store, final Path spool) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.spool = Objects.requireNonNull(spool, "spool cannot be null").toAbsolutePath();
    }

    /** Checks and stores the upload of {@code ctx} for the customer; throws an {@link ApiError} for a bad one. */
    public DocumentRef receive(final Context ctx, final String customerId) {
        requireMultipart(ctx.contentType());
        final String length = ctx.header("Content-Length");
        if (length != null && isLongerThan(length.trim(), MAX_REQUEST_BYTES)) {
            throw tooLarge();
        }
        final Collection<Part> parts = parts(ctx);
        try {
            final UploadForm.Checked form = checked(parts);
            final BlobStore.Stored stored = store(form.file());
            return new DocumentRef(documentId(customerId, form, stored.id()), form.kind().name(), form.side(), stored.id(), stored.size());
        } finally {
            parts.forEach(DocumentUploads::deleteQuietly);
        }
    }

    private Collection<Part> parts(final Context ctx) {
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            LOG.error("The upload spool directory cannot be created", e);
            throw ApiError.serviceUnavailable("the document cannot be stored right now; try again");
        }
        try {
            ctx.req().setAttribute(MULTIPART_CONFIG,
                    new MultipartConfigElement(spool.toString(), MAX_FILE_BYTES, MAX_REQUEST_BYTES, IN_MEMORY_BYTES));
            return ctx.req().getParts();
        } catch (Exception e) {
            throw MultipartFailures.asApiError(e);
        }
    }

    private static UploadForm.Checked checked(final Collection<Part> parts) {
        try {
            return UploadForm.check(parts);
        } catch (IOException e) {
            throw new ApiError(400, "bad_request", "the form could not be read to its end");
        }
    }

    /**
     * The file's format comes from its first bytes, which are then stored with the rest. The parts
     * were received whole before this, so a failure here is the store's: a 503, logged without the
     * document.
     */
    private BlobStore.Stored store(final Part file) {
        try (InputStream in = new BufferedInputStream(file.getInputStream())) {
            in.mark(DocumentFormat.SIGNATURE_BYTES);
            final Optional<DocumentFormat> format = DocumentFormat.of(in);
            if (format.isEmpty()) {
                throw new ApiError(415, "unsupported_media_type",
                        "file must be a JPG, PNG or PDF; its content is none of these (its name and declared type are not looked at)");
            }
            in.reset();
            return store.put(in);
        } catch (IOException e) {
            LOG.error("A document could not be stored in the blob store", e);
            throw ApiError.serviceUnavailable("the document cannot be stored right now; try again");
        }
    }

    /** The same file for the same slot of the same customer is the same document, however often it is sent. */
    private static String documentId(final String customerId, final UploadForm.Checked form, final String sha256) {
        final String slot = customerId + '\u0000' + form.kind().name() + '\u0000' + Objects.toString(form.side(), "") + '\u0000' + sha256;
        return UUID.nameUUIDFromBytes(slot.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void requireMultipart(final String contentType) {
        final String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!MULTIPART.equals(type)) {
            throw new ApiError(415, "unsupported_media_type", "a document is uploaded as multipart/form-data");
        }
    }

    static ApiError tooLarge() {
        return new ApiError(413, "payload_too_large", "file must be at most " + MAX_FILE_BYTES + " bytes (10 MB)");
    }

    private static boolean isLongerThan(final String length, final long max) {
        if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Long.parseLong(length) > max;
    }

    private static void deleteQuietly(final Part part) {
        try {
            part.delete();
        } catch (IOException | RuntimeException e) {
            // Jetty removes what is left of the request's parts when the request ends.
        }
    }
}
