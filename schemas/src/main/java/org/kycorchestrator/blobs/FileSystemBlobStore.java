package org.kycorchestrator.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;

import org.kycorchestrator.config.Config;

/**
 * A {@link BlobStore} in a directory: blob {@code ab12cd...} is the file {@code ab/12/ab12cd...}, two
 * levels of 256 directories so that no directory grows too large. A blob is first written and
 * flushed to disk under {@code .incoming/}, hashed as it goes, then moved to its place in one
 * atomic rename; a reader therefore sees a whole blob or none, and two writers of the same bytes
 * both end with the one file. A crash can leave a temporary file under {@code .incoming/}, never a
 * partial blob.
 *
 * <p>The directory is {@value #DIR_CONFIG} when set, else {@code KYC_DATA_DIR/blobs}. Components that
 * run as separate processes (the ingress, which writes, and the provider workers, which read) must
 * see the same directory, e.g. a shared volume.
 */
public final class FileSystemBlobStore implements BlobStore {

    public static final String DIR_CONFIG = "KYC_BLOB_DIR";
    private static final String INCOMING = ".incoming";

    private final Path root;

    public FileSystemBlobStore(final Path root) {
        this.root = Objects.requireNonNull(root, "root cannot be null").toAbsolutePath().normalize();
    }

    /** The store at {@value #DIR_CONFIG}, or at {@code KYC_DATA_DIR/blobs} (default {@code ./data/blobs}). */
    public static FileSystemBlobStore fromConfig(final Config config) {
        return new FileSystemBlobStore(config.find(DIR_CONFIG).map(Path::of)
                .orElseGet(() -> Path.of(config.get("KYC_DATA_DIR", "./data")).resolve("blobs")));
    }

    public Path root() {
        return root;
    }

    /** Where blobs are written before they are moved into place, and where uploads may be spooled: never served. */
    public Path incoming() {
        return root.resolve(INCOMING);
    }

    @Override
    public Stored put(final InputStream content) throws IOException {
        final Path temporary = Files.createTempFile(Files.createDirectories(incoming()), "blob-", ".part");
        try {
            final MessageDigest sha256 = sha256();
            final long size;
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                size = new DigestInputStream(content, sha256).transferTo(out);
                out.flush();
                // The blob must survive a crash once the caller is told it is stored.
                channel.force(true);
            }
            final String id = BlobIds.of(sha256.digest());
            moveIntoPlace(temporary, pathOf(id));
            return new Stored(id, size);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public Optional<InputStream> get(final String id) throws IOException {
        try {
            return Optional.of(Files.newInputStream(pathOf(BlobIds.require(id))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(final String id) {
        return Files.isRegularFile(pathOf(BlobIds.require(id)));
    }

    private Path pathOf(final String id) {
        return root.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
    }

    /** Content addressing makes every writer of an id write the same bytes, so whichever move lands last is fine. */
    private static void moveIntoPlace(final Path temporary, final Path target) throws IOException {
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Another writer of the same bytes got there first (file systems whose rename does not replace).
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the blob directory must allow atomic renames within itself: " + target.getParent(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
