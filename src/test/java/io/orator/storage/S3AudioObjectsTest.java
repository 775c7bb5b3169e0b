package io.orator.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.testing.S3TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 audio store against a real S3-compatible server with V4 signatures. */
class S3AudioObjectsTest {

    private static final long PART = S3Settings.MIN_PART_SIZE;

    @TempDir
    static Path serverRoot;

    @TempDir
    Path local;

    private static S3TestServer server;
    private static S3Client inspect;
    private static int buckets;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start(serverRoot);
        inspect = server.client();
    }

    @AfterAll
    static void stopServer() throws Exception {
        inspect.close();
        server.close();
    }

    /** A store on a bucket of its own, so tests never see each other's objects; it keeps no local copies. */
    private S3AudioObjects store(boolean createBucket) throws IOException {
        return store(createBucket, 0);
    }

    /** A store whose local copies (up to {@code copyBytes}) are downloaded on the calling thread. */
    private S3AudioObjects store(boolean createBucket, long copyBytes) throws IOException {
        S3AudioObjects store = node("audio-test-" + (++buckets), createBucket, copyBytes, local.resolve("copies"));
        store.createBucketIfMissing();
        return store;
    }

    /** A node's store on {@code bucket}, its copies under {@code copies}, downloaded on the calling thread. */
    private static S3AudioObjects node(String bucket, boolean createBucket, long copyBytes, Path copies) throws IOException {
        S3Settings settings = new S3Settings(bucket, "audio", Optional.of(server.endpoint()), S3TestServer.REGION, true,
                Optional.of(S3TestServer.ACCESS_KEY), Optional.of(S3TestServer.SECRET_KEY), PART, createBucket,
                Duration.ofSeconds(2), Duration.ofSeconds(10), copyBytes);
        return new S3AudioObjects(settings, serverRoot.getParent(), new LocalCopies(copies, copyBytes, Runnable::run));
    }

    /** Whether a download is served without the bucket: the server is stopped while it is opened. */
    private static Optional<byte[]> readWithBucketStopped(S3AudioObjects store, String name) throws Exception {
        server.stop();
        try (StoredAudio audio = store.open(name).orElseThrow()) {
            return Optional.of(range(audio, 0, audio.size()));
        } catch (StoreUnavailableException e) {
            return Optional.empty();
        } finally {
            server.restart();
        }
    }

    private Path file(String name, int bytes) throws IOException {
        byte[] content = new byte[bytes];
        new Random(bytes).nextBytes(content);
        return Files.write(local.resolve(name), content);
    }

    private static byte[] range(StoredAudio audio, long start, long count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        audio.transferTo(start, count, out);
        return out.toByteArray();
    }

    @Test
    void aPublishedFileIsServedWholeAndInRangesAndTheLocalCopyGoes() throws Exception {
        try (S3AudioObjects store = store(true)) {
            Path file = file("a.wav", 100_000);
            byte[] content = Files.readAllBytes(file);

            store.publish(file, "a.wav");

            assertFalse(Files.exists(file), "the local file is consumed");
            assertTrue(store.exists("a.wav"));
            try (StoredAudio audio = store.open("a.wav").orElseThrow()) {
                assertEquals(content.length, audio.size());
                assertArrayEquals(content, range(audio, 0, audio.size()));
                assertArrayEquals(Arrays.copyOfRange(content, 44, 1044), range(audio, 44, 1000));
                assertArrayEquals(Arrays.copyOfRange(content, 99_999, 100_000), range(audio, 99_999, 1));
            }
            try (InputStream in = store.read("a.wav").orElseThrow()) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
    }

    @Test
    void aFileLargerThanOnePartIsUploadedInPartsAndNoUploadIsLeftOpen() throws Exception {
        try (S3AudioObjects store = store(true)) {
            Path file = file("long.wav", (int) (2 * PART + 12_345));
            byte[] content = Files.readAllBytes(file);

            store.publish(file, "long.wav");

            try (StoredAudio audio = store.open("long.wav").orElseThrow()) {
                assertEquals(content.length, audio.size());
                assertArrayEquals(content, range(audio, 0, audio.size()));
                long acrossParts = PART - 10;
                assertArrayEquals(Arrays.copyOfRange(content, (int) acrossParts, (int) acrossParts + 20), range(audio, acrossParts, 20));
            }
            String bucket = "audio-test-" + buckets;
            assertTrue(inspect.listMultipartUploads(l -> l.bucket(bucket)).uploads().isEmpty());
        }
    }

    @Test
    void theNodeThatPublishedAudioServesItFromItsCopyButTimelinesAreNotKept() throws Exception {
        try (S3AudioObjects store = store(true, 1_000_000)) {
            Path audio = file("p-1.wav", 50_000);
            byte[] content = Files.readAllBytes(audio);
            store.publish(file("p-1.timeline", 300), "p-1.timeline");
            store.publish(audio, "p-1.wav");

            assertArrayEquals(content, readWithBucketStopped(store, "p-1.wav").orElseThrow());
            assertTrue(Files.exists(local.resolve("copies").resolve("p-1.wav")));
            assertFalse(Files.exists(local.resolve("copies").resolve("p-1.timeline")));
            assertTrue(store.exists("p-1.wav"), "the bucket has the audio as well");
        }
    }

    @Test
    void audioOpenedTwiceIsCopiedToThisNodeAndOpenedOnceIsNot() throws Exception {
        byte[] content;
        try (S3AudioObjects publisher = store(true)) {
            Path audio = file("q-1.wav", 70_000);
            content = Files.readAllBytes(audio);
            publisher.publish(audio, "q-1.wav");
        }
        // Another node on the same bucket, with room for copies.
        try (S3AudioObjects other = node("audio-test-" + buckets, false, 1_000_000, local.resolve("other-copies"))) {
            try (StoredAudio once = other.open("q-1.wav").orElseThrow()) {
                assertArrayEquals(content, range(once, 0, once.size()));
            }
            assertTrue(readWithBucketStopped(other, "q-1.wav").isEmpty(), "one download is served from the bucket only");

            try (StoredAudio again = other.open("q-1.wav").orElseThrow()) {
                assertArrayEquals(Arrays.copyOfRange(content, 100, 200), range(again, 100, 100));
            }
            assertArrayEquals(content, readWithBucketStopped(other, "q-1.wav").orElseThrow(),
                    "opened again, the audio is copied and served from this node");

            other.delete("q-1.wav");
            assertFalse(Files.exists(local.resolve("other-copies").resolve("q-1.wav")), "a delete removes the copy");
            assertTrue(other.open("q-1.wav").isEmpty());
        }
    }

    @Test
    void aMissingFileIsNothingRatherThanAnError() throws Exception {
        try (S3AudioObjects store = store(true)) {
            assertTrue(store.open("none.wav").isEmpty());
            assertTrue(store.read("none.timeline").isEmpty());
            assertFalse(store.exists("none.wav"));
            assertEquals(0, store.delete("none.wav"));
        }
    }

    @Test
    void deletingReturnsTheBytesFreedAndListingsSeeOnlyThisStoresPrefix() throws Exception {
        try (S3AudioObjects store = store(true)) {
            store.publish(file("x-1.wav", 3000), "x-1.wav");
            store.publish(file("x-1.timeline", 200), "x-1.timeline");
            store.publish(file("y-1.wav", 5000), "y-1.wav");
            String bucket = "audio-test-" + buckets;
            inspect.putObject(p -> p.bucket(bucket).key("elsewhere/z-1.wav"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("not audio"));

            assertEquals(8000, store.bytesStored(".wav"));
            assertEquals(List.of("x-1.timeline", "x-1.wav", "y-1.wav"),
                    store.namesWrittenBefore(Instant.now().plusSeconds(60)).stream().sorted().toList());
            assertTrue(store.namesWrittenBefore(Instant.now().minusSeconds(3600)).isEmpty(), "nothing is older than an hour");

            assertEquals(3000, store.delete("x-1.wav"));
            assertFalse(store.exists("x-1.wav"));
            assertEquals(5000, store.bytesStored(".wav"));
        }
    }

    @Test
    void aMissingBucketIsReportedDownUntilCreated() throws Exception {
        try (S3AudioObjects missing = store(false)) {
            StoreHealth health = missing.health();
            assertFalse(health.up());
            assertEquals("no such bucket", health.data().get("error"));
        }
        try (S3AudioObjects created = store(true)) {
            assertTrue(created.health().up(), created.health().toString());
        }
    }

    @Test
    void aStoppedServerIsDownAndEveryCallSaysTheStoreIsUnavailableUntilItIsBack() throws Exception {
        try (S3AudioObjects store = store(true)) {
            store.publish(file("kept.wav", 4000), "kept.wav");
            Path waiting = file("later.wav", 4000);
            server.stop();
            try {
                assertFalse(store.health().up());
                assertTrue(store.health().data().containsKey("error"));
                assertThrows(StoreUnavailableException.class, () -> store.open("kept.wav"));
                assertThrows(StoreUnavailableException.class, () -> store.publish(waiting, "later.wav"));
                assertTrue(Files.exists(waiting), "a file that could not be published is still here to retry");
            } finally {
                server.restart();
            }
            assertTrue(store.health().up());
            assertTrue(store.exists("kept.wav"), "what was stored before is still there");
            assertFalse(store.exists("later.wav"), "nothing half-written");
        }
    }
}
