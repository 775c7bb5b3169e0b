package io.orator.synthesis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WavWriterTest {

    @TempDir
    Path dir;

    @Test
    void finishWritesValidHeaderAndMovesAtomically() throws IOException {
        Path temp = dir.resolve("job.wav.part");
        Path target = dir.resolve("job.wav");
        long size;
        try (WavWriter wav = WavWriter.create(temp, 22050)) {
            wav.accept(new short[] {1, -2, 300, Short.MIN_VALUE, Short.MAX_VALUE}, 1, 3);
            size = wav.finish(target);
        }

        assertFalse(Files.exists(temp));
        byte[] bytes = Files.readAllBytes(target);
        assertEquals(44 + 6, bytes.length);
        assertEquals(bytes.length, size);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(bytes, 0, 4));
        assertEquals(bytes.length - 8, header.getInt(4));
        assertEquals("WAVEfmt ", new String(bytes, 8, 8));
        assertEquals(16, header.getInt(16));
        assertEquals(1, header.getShort(20));
        assertEquals(1, header.getShort(22));
        assertEquals(22050, header.getInt(24));
        assertEquals(44100, header.getInt(28));
        assertEquals(2, header.getShort(32));
        assertEquals(16, header.getShort(34));
        assertEquals("data", new String(bytes, 36, 4));
        assertEquals(6, header.getInt(40));
        assertEquals(-2, header.getShort(44));
        assertEquals(300, header.getShort(46));
        assertEquals(Short.MIN_VALUE, header.getShort(48));
    }

    @Test
    void closeWithoutFinishLeavesNoFile() throws IOException {
        Path temp = dir.resolve("job.wav.part");
        try (WavWriter wav = WavWriter.create(temp, 16000)) {
            wav.accept(new short[1000], 0, 1000);
            assertTrue(Files.exists(temp));
        }

        assertFalse(Files.exists(temp));
        assertFalse(Files.exists(dir.resolve("job.wav")));
    }

    @Test
    void failingJobLeavesNoFile() {
        Path temp = dir.resolve("job.wav.part");

        assertThrows(IllegalStateException.class, () -> {
            try (WavWriter wav = WavWriter.create(temp, 16000)) {
                wav.writeSilence(100);
                throw new IllegalStateException("engine failed");
            }
        });
        assertFalse(Files.exists(temp));
    }

    @Test
    void streamsMoreThanTheBufferAndCountsSamples() throws IOException {
        Path target = dir.resolve("long.wav");
        short[] block = new short[10_000];
        for (int i = 0; i < block.length; i++) {
            block[i] = (short) (i % 2000 - 1000);
        }
        try (WavWriter wav = WavWriter.create(dir.resolve("long.part"), 16000)) {
            for (int i = 0; i < 20; i++) {
                wav.accept(block, 0, block.length);
            }
            assertEquals(200_000, wav.samplesWritten());
            assertEquals(12.5, wav.durationSeconds(), 1e-9);
            wav.finish(target);
        }

        assertEquals(44 + 400_000, Files.size(target));
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(target)).order(ByteOrder.LITTLE_ENDIAN);
        data.position(44 + 2 * 123_457);
        assertEquals(block[123_457 % block.length], data.getShort());
    }

    @Test
    void writesSilenceOfTheRequestedLengthAsZeros() throws IOException {
        Path target = dir.resolve("silence.wav");
        try (WavWriter wav = WavWriter.create(dir.resolve("silence.part"), 22050)) {
            short[] loud = new short[40_000];
            Arrays.fill(loud, (short) 12345);
            wav.accept(loud, 0, loud.length);
            wav.writeSilence(250);
            wav.writeSilence(3000);
            assertEquals(40_000 + 5512 + 66150, wav.samplesWritten());
            wav.finish(target);
        }

        byte[] bytes = Files.readAllBytes(target);
        byte[] tail = Arrays.copyOfRange(bytes, 44 + 80_000, bytes.length);
        assertArrayEquals(new byte[(5512 + 66150) * 2], tail);
    }

    @Test
    void finishReplacesAnOlderFile() throws IOException {
        Path target = dir.resolve("job.wav");
        Files.writeString(target, "stale");
        try (WavWriter wav = WavWriter.create(dir.resolve("job.part"), 16000)) {
            wav.writeSilence(10);
            wav.finish(target);
        }

        assertEquals(44 + 320, Files.size(target));
    }

    @Test
    void refusesToWritePastTheRiffLimit() throws IOException {
        try (WavWriter wav = WavWriter.create(dir.resolve("huge.part"), 16000)) {
            IOException e = assertThrows(IOException.class,
                    () -> wav.writeSilenceSamples(WavWriter.MAX_DATA_BYTES / 2 + 1));
            assertTrue(e.getMessage().contains("4 GiB"), e.getMessage());
            assertEquals(0, wav.samplesWritten());
        }
    }

    @Test
    void writingAfterFinishIsAnError() throws IOException {
        try (WavWriter wav = WavWriter.create(dir.resolve("a.part"), 16000)) {
            wav.finish(dir.resolve("a.wav"));
            assertThrows(IllegalStateException.class, () -> wav.accept(new short[1], 0, 1));
        }
        assertTrue(Files.exists(dir.resolve("a.wav")));
    }
}
