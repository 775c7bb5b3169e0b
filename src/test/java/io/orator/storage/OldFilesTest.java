package io.orator.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OldFilesTest {

    @TempDir
    Path dir;

    @Test
    void findsOnlyMatchingFilesOlderThanTheLimit() throws Exception {
        Instant limit = Instant.parse("2026-01-01T00:00:00Z");
        Path old = touch("old.wav", limit.minusSeconds(60));
        touch("young.wav", limit.plusSeconds(60));
        touch("old.txt", limit.minusSeconds(60));
        assertEquals(List.of(old), OldFiles.in(dir, "*.wav", limit));
    }

    @Test
    void aFileThatVanishesDuringTheListingIsSkippedNotFatal() throws Exception {
        Instant limit = Instant.parse("2026-01-01T00:00:00Z");
        Path old = touch("old.wav", limit.minusSeconds(60));
        // Listed, but its attributes cannot be read any more: what a concurrent delete looks like.
        Files.createSymbolicLink(dir.resolve("deleted.wav"), dir.resolve("no-such-target.wav"));
        assertEquals(List.of(old), OldFiles.in(dir, "*.wav", limit));
    }

    private Path touch(String name, Instant modified) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "x");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
