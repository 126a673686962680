package org.kycorchestrator.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kycorchestrator.config.Config;

class FileSystemBlobStoreTest {

    @TempDir
    Path dir;

    @Test
    void aBlobIsAddressedByTheSha256OfItsBytesInShardedDirectories() throws Exception {
        // given a store
        final FileSystemBlobStore store = new FileSystemBlobStore(dir);
        final byte[] bytes = "a passport scan".getBytes(StandardCharsets.UTF_8);

        // when the bytes are stored
        final BlobStore.Stored stored = store.put(bytes);

        // then the id is their SHA-256 in hex, the size their length, and the file sits under ab/cd/
        final String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(stored).isEqualTo(new BlobStore.Stored(sha256, bytes.length));
        assertThat(dir.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256)).hasBinaryContent(bytes);
        assertThat(store.exists(sha256)).isTrue();
        assertThat(read(store, sha256)).isEqualTo(bytes);
    }

    @Test
    void storingTheSameBytesAgainChangesNothingAndGivesTheSameId() throws Exception {
        // given a blob already stored
        final FileSystemBlobStore store = new FileSystemBlobStore(dir);
        final BlobStore.Stored first = store.put("selfie".getBytes(StandardCharsets.UTF_8));
        final Path file = onlyBlobFile();
        final var writtenAt = Files.getLastModifiedTime(file);

        // when the same bytes are stored again, from a stream this time
        final BlobStore.Stored second = store.put(new java.io.ByteArrayInputStream("selfie".getBytes(StandardCharsets.UTF_8)));

        // then it is the same blob, the file was not rewritten, and nothing is left behind
        assertThat(second).isEqualTo(first);
        assertThat(onlyBlobFile()).isEqualTo(file);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(writtenAt);
        assertThat(incomingFiles()).isEmpty();
    }

    @Test
    void manyWritersOfTheSameBytesAtOnceEndWithOneWholeBlob() throws Exception {
        // given 2 MB of bytes that eight writers store at the same moment
        final FileSystemBlobStore store = new FileSystemBlobStore(dir);
        final byte[] bytes = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(bytes);
        final CountDownLatch start = new CountDownLatch(1);
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            final Callable<BlobStore.Stored> writer = () -> {
                start.await();
                return store.put(bytes);
            };
            final List<Future<BlobStore.Stored>> writes = IntStream.range(0, 8).mapToObj(i -> pool.submit(writer)).toList();

            // when they go
            start.countDown();

            // then every writer got the same id, and the store holds exactly those bytes, once
            final List<BlobStore.Stored> results = writes.stream().map(FileSystemBlobStoreTest::join).toList();
            assertThat(results).containsOnly(results.get(0));
            assertThat(read(store, results.get(0).id())).isEqualTo(bytes);
            assertThat(blobFiles()).hasSize(1);
            assertThat(incomingFiles()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void differentBytesAreDifferentBlobs() throws Exception {
        final FileSystemBlobStore store = new FileSystemBlobStore(dir);

        final String front = store.put(new byte[] {1}).id();
        final String back = store.put(new byte[] {2}).id();

        assertThat(front).isNotEqualTo(back);
        assertThat(blobFiles()).hasSize(2);
    }

    @Test
    void anUnknownIdIsAbsentAndAMalformedOneIsRefusedBeforeItBecomesAPath() throws Exception {
        final FileSystemBlobStore store = new FileSystemBlobStore(dir);
        final String unknown = "0".repeat(64);

        assertThat(store.exists(unknown)).isFalse();
        assertThat(store.get(unknown)).isEmpty();
        for (String malformed : new String[] {"../../etc/passwd", "ABCDEF" + "0".repeat(58), "0".repeat(63), ""}) {
            assertThatThrownBy(() -> store.get(malformed)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.exists(malformed)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theDirectoryIsKycBlobDirOrElseBlobsUnderTheDataDirectory() {
        assertThat(FileSystemBlobStore.fromConfig(Config.of(Map.of("KYC_DATA_DIR", dir.toString()))).root())
                .isEqualTo(dir.resolve("blobs").toAbsolutePath());
        assertThat(FileSystemBlobStore.fromConfig(Config.of(Map.of("KYC_DATA_DIR", "/elsewhere",
                FileSystemBlobStore.DIR_CONFIG, dir.resolve("shared").toString()))).root())
                .isEqualTo(dir.resolve("shared").toAbsolutePath());
    }

    private static byte[] read(final BlobStore store, final String id) throws IOException {
        try (InputStream in = store.get(id).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private Path onlyBlobFile() throws IOException {
        final List<Path> files = blobFiles();
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve(".incoming"))).toList();
        }
    }

    private List<Path> incomingFiles() throws IOException {
        final Path incoming = dir.resolve(".incoming");
        if (!Files.exists(incoming)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(incoming)) {
            return files.toList();
        }
    }

    private static <T> T join(final Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
