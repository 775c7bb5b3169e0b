package io.orator.synthesis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WavInfoTest {

    @TempDir
    Path dir;

    @Test
    void readsFormatDurationAndLoudness() throws IOException {
        Path file = dir.resolve("tone.wav");
        short[] tone = sine(440, 16000, 16000, 0.5);
        try (WavWriter wav = WavWriter.create(dir.resolve("tone.part"), 16000)) {
            wav.accept(tone, 0, tone.length);
            wav.writeSilence(1000);
            wav.finish(file);
        }

        WavInfo info = WavInfo.read(file);

        assertEquals(16000, info.sampleRate());
        assertEquals(1, info.channels());
        assertEquals(16, info.bitsPerSample());
        assertEquals(64_000, info.dataBytes());
        assertEquals(2.0, info.durationSeconds(), 1e-9);
        assertEquals(0.5 / Math.sqrt(2) / Math.sqrt(2), info.rms(), 0.002);
        assertEquals(0.5, info.nonSilentFraction(), 1e-9);
    }

    @Test
    void silenceHasNoNonSilentFrames() throws IOException {
        Path file = dir.resolve("quiet.wav");
        try (WavWriter wav = WavWriter.create(dir.resolve("quiet.part"), 22050)) {
            wav.writeSilence(500);
            wav.finish(file);
        }

        WavInfo info = WavInfo.read(file);

        assertEquals(0, info.rms());
        assertEquals(0, info.nonSilentFraction());
        assertEquals(0.5, info.durationSeconds(), 1e-4);
    }

    @Test
    void skipsUnknownChunksAndStopsAtTheRealEndOfData() throws IOException {
        ByteBuffer wav = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(0).put("WAVE".getBytes());
        wav.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(8000).putInt(32000).putShort((short) 4).putShort((short) 16);
        // A header never finished: the data size is a placeholder larger than the file.
        wav.put("data".getBytes()).putInt(-1);
        for (int i = 0; i < 40; i++) {
            wav.putShort((short) 1000);
        }
        byte[] bytes = Arrays.copyOf(wav.array(), wav.position());

        WavInfo info = WavInfo.read(new ByteArrayInputStream(bytes));

        assertEquals(2, info.channels());
        assertEquals(80, info.dataBytes());
        assertEquals(20.0 / 8000, info.durationSeconds(), 1e-12);
        assertEquals(1000 / 32768.0, info.rms(), 1e-9);
    }

    @Test
    void rejectsWhatIsNotAWavFile() {
        assertThrows(IOException.class, () -> WavInfo.read(new ByteArrayInputStream("hello world, not riff".getBytes())));
    }

    static short[] sine(double hz, int rate, int samples, double amplitude) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return out;
    }
}
