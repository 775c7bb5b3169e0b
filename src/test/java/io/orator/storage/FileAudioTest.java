package io.orator.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAudioTest {

    @TempDir
    Path dir;

    private Path audioFile(int bytes) throws IOException {
        byte[] content = new byte[bytes];
        new Random(7).nextBytes(content);
        return Files.write(dir.resolve("job.wav"), content);
    }

    @Test
    void aFileDeletedBeforeOpeningIsGone() throws IOException {
        Path file = audioFile(100);
        Files.delete(file);

        assertFalse(FileAudio.open(file).isPresent());
    }

    @Test
    void aFileDeletedAfterOpeningStillStreamsWhole() throws IOException {
        Path file = audioFile(3 * 1024 * 1024);
        byte[] expected = Files.readAllBytes(file);

        try (StoredAudio audio = FileAudio.open(file).orElseThrow()) {
            Files.delete(file);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            audio.transferTo(0, audio.size(), out);

            assertEquals(expected.length, audio.size(), "the size of the file as it was opened");
            assertArrayEquals(expected, out.toByteArray());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void aRangeComesFromTheOpenFile() throws IOException {
        Path file = audioFile(10_000);
        byte[] expected = Arrays.copyOfRange(Files.readAllBytes(file), 44, 5044);

        try (StoredAudio audio = FileAudio.open(file).orElseThrow()) {
            Files.delete(file);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            audio.transferTo(44, 5000, out);

            assertArrayEquals(expected, out.toByteArray());
        }
    }
}
