package io.orator.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This node's copies of bucket audio: bounded, least recently used out first, never half-written. */
class LocalCopiesTest {

    @TempDir
    Path dir;

    private Path copies() {
        return dir.resolve("copies");
    }

    private Path file(String name, int bytes) throws IOException {
        byte[] content = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            content[i] = (byte) (name.hashCode() + i);
        }
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] read(StoredAudio audio) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        audio.transferTo(0, audio.size(), out);
        return out.toByteArray();
    }

    @Test
    void copiesLeftFromAnEarlyRunAreRemovedAtStart() throws IOException {
        Files.createDirectories(copies());
        Files.write(copies().resolve("old-1.wav"), new byte[10]);
        Files.write(copies().resolve("half-1.wav.part"), new byte[5]);

        LocalCopies fresh = new LocalCopies(copies(), 1000, Runnable::run);

        try (var left = Files.list(copies())) {
            assertEquals(0, left.count());
        }
        assertTrue(fresh.open("old-1.wav").isEmpty(), "nothing deleted while the node was down can be served");
    }

    @Test
    void theLeastRecentlyUsedCopiesGoWhenANewOneWouldNotFit() throws IOException {
        LocalCopies copies = new LocalCopies(copies(), 1000, Runnable::run);
        copies.keep(file("a.wav", 400), "a.wav");
        copies.keep(file("b.wav", 400), "b.wav");
        copies.open("a.wav").orElseThrow().close();

        copies.keep(file("c.wav", 400), "c.wav");

        assertTrue(copies.holds("a.wav"), "used last, kept");
        assertFalse(copies.holds("b.wav"), "the least recently used went");
        assertFalse(Files.exists(copies().resolve("b.wav")));
        assertTrue(copies.holds("c.wav"));
        assertEquals(800, copies.bytes());
    }

    @Test
    void aFileLargerThanTheCapacityIsNotKept() throws IOException {
        LocalCopies copies = new LocalCopies(copies(), 1000, Runnable::run);
        Path big = file("big.wav", 1001);

        copies.keep(big, "big.wav");

        assertFalse(Files.exists(big), "the published file is consumed either way");
        assertFalse(copies.holds("big.wav"));
        assertEquals(0, copies.bytes());
    }

    @Test
    void aCopyIsServedFromWhatWasDownloadedAndAFailedOrShortDownloadLeavesNothing() throws IOException {
        LocalCopies copies = new LocalCopies(copies(), 1000, Runnable::run);
        byte[] content = Files.readAllBytes(file("source", 300));

        copies.fillLater("ok.wav", 300, into -> Files.write(into, content));
        copies.fillLater("short.wav", 300, into -> Files.write(into, new byte[299]));
        copies.fillLater("failed.wav", 300, into -> {
            Files.write(into, new byte[100]);
            throw new IOException("connection reset");
        });

        try (StoredAudio audio = copies.open("ok.wav").orElseThrow()) {
            assertArrayEquals(content, read(audio));
        }
        assertTrue(copies.open("short.wav").isEmpty());
        assertTrue(copies.open("failed.wav").isEmpty());
        try (var left = Files.list(copies())) {
            assertEquals(List.of("ok.wav"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void oneCopyIsDownloadedOnceWhateverAsksAgainMeanwhile() throws IOException {
        List<Runnable> queued = new ArrayList<>();
        LocalCopies copies = new LocalCopies(copies(), 1000, queued::add);
        AtomicInteger downloads = new AtomicInteger();
        LocalCopies.Download download = into -> {
            downloads.incrementAndGet();
            Files.write(into, new byte[200]);
        };

        copies.fillLater("x.wav", 200, download);
        copies.fillLater("x.wav", 200, download);
        assertEquals(1, queued.size(), "a copy on its way is not asked for twice");
        queued.get(0).run();
        copies.fillLater("x.wav", 200, download);
        copies.fillLater("too-big.wav", 2000, download);

        assertEquals(1, queued.size(), "a copy held, or one that would not fit, is not downloaded");
        assertEquals(1, downloads.get());
        assertTrue(copies.holds("x.wav"));
    }

    @Test
    void aCopyOpenedBeforeItIsForgottenIsStillReadWhole() throws IOException {
        LocalCopies copies = new LocalCopies(copies(), 1000, Runnable::run);
        Path published = file("d.wav", 500);
        byte[] content = Files.readAllBytes(published);
        copies.keep(published, "d.wav");

        try (StoredAudio open = copies.open("d.wav").orElseThrow()) {
            copies.forget("d.wav");
            assertArrayEquals(content, read(open));
        }
        assertTrue(copies.open("d.wav").isEmpty());
        assertEquals(0, copies.bytes());
    }
}
