package io.orator.synthesis;

import io.orator.testing.RecordedPcm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {

    @Test
    void matchingRatesPassSamplesStraightThrough() throws IOException {
        short[][] seen = new short[1][];
        Resampler resampler = new Resampler(22050, 22050, (s, o, l) -> seen[0] = s);
        short[] input = {1, 2, 3};

        resampler.accept(input, 0, 3);
        resampler.flush();

        assertTrue(resampler.isIdentity());
        assertSame(input, seen[0]);
    }

    @Test
    void resamples16kTo22050WithCorrectLength() throws IOException {
        RecordedPcm out = new RecordedPcm();
        Resampler resampler = new Resampler(16000, 22050, out);
        short[] tone = WavInfoTest.sine(440, 16000, 16000, 0.5);

        // Odd block sizes exercise the streaming state.
        for (int i = 0; i < tone.length; i += 999) {
            resampler.accept(tone, i, Math.min(999, tone.length - i));
        }
        resampler.flush();

        assertEquals(22050, out.length());
        assertEquals(22050, resampler.outputLength(16000));
        short[] expected = WavInfoTest.sine(440, 22050, 22050, 0.5);
        short[] actual = out.samples();
        // Away from the edges, where the filter sees zero padding, the tone is reproduced closely.
        for (int i = 100; i < 21950; i++) {
            assertEquals(expected[i], actual[i], 200, "sample " + i);
        }
    }

    @Test
    void downsampling24kTo16kKeepsToneAndLength() throws IOException {
        RecordedPcm out = new RecordedPcm();
        Resampler resampler = new Resampler(24000, 16000, out);
        short[] tone = WavInfoTest.sine(1000, 24000, 24001, 0.5);

        resampler.accept(tone, 0, tone.length);
        resampler.flush();

        assertEquals(16001, out.length());
        short[] expected = WavInfoTest.sine(1000, 16000, 16001, 0.5);
        short[] actual = out.samples();
        for (int i = 100; i < 15900; i++) {
            assertEquals(expected[i], actual[i], 200, "sample " + i);
        }
    }

    @Test
    void downsamplingRemovesFrequenciesAboveTheNewNyquist() throws IOException {
        RecordedPcm out = new RecordedPcm();
        Resampler resampler = new Resampler(48000, 16000, out);
        short[] tone = WavInfoTest.sine(12000, 48000, 48000, 0.5);

        resampler.accept(tone, 0, tone.length);
        resampler.flush();

        short[] samples = out.samples();
        double sum = 0;
        for (int i = 100; i < samples.length - 100; i++) {
            sum += (double) samples[i] * samples[i];
        }
        double rms = Math.sqrt(sum / (out.length() - 200)) / 32768;
        assertTrue(rms < 0.01, "aliased energy " + rms);
    }

    @Test
    void streamingGivesTheSameResultAsOneBlock() throws IOException {
        short[] tone = WavInfoTest.sine(300, 22050, 5000, 0.8);
        RecordedPcm whole = new RecordedPcm();
        Resampler one = new Resampler(22050, 16000, whole);
        one.accept(tone, 0, tone.length);
        one.flush();

        RecordedPcm pieces = new RecordedPcm();
        Resampler many = new Resampler(22050, 16000, pieces);
        for (int i = 0; i < tone.length; i += 7) {
            many.accept(tone, i, Math.min(7, tone.length - i));
        }
        many.flush();

        assertArrayEquals(whole.samples(), pieces.samples());
    }

    @Test
    void flushStartsAFreshChunk() throws IOException {
        RecordedPcm out = new RecordedPcm();
        Resampler resampler = new Resampler(16000, 22050, out);
        short[] tone = WavInfoTest.sine(440, 16000, 1600, 0.5);

        resampler.accept(tone, 0, tone.length);
        resampler.flush();
        short[] first = out.samples();
        resampler.accept(tone, 0, tone.length);
        resampler.flush();

        assertEquals(2 * 2205, out.length());
        assertArrayEquals(first, Arrays.copyOfRange(out.samples(), 2205, 4410));
    }

    @Test
    void silenceStaysSilent() throws IOException {
        RecordedPcm out = new RecordedPcm();
        Resampler resampler = new Resampler(22050, 44100, out);

        resampler.accept(new short[1000], 0, 1000);
        resampler.flush();

        assertArrayEquals(new short[2000], out.samples());
    }

    @Test
    void feedsAWavWriterAtTheTargetRate(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mixed.wav");
        try (WavWriter wav = WavWriter.create(dir.resolve("mixed.part"), 22050)) {
            Resampler fromSixteen = new Resampler(16000, 22050, wav);
            short[] tone = WavInfoTest.sine(440, 16000, 8000, 0.5);
            fromSixteen.accept(tone, 0, tone.length);
            fromSixteen.flush();
            wav.finish(file);
        }

        WavInfo info = WavInfo.read(file);
        assertEquals(22050, info.sampleRate());
        assertEquals(0.5, info.durationSeconds(), 1e-9);
        assertEquals(0.5 / Math.sqrt(2), info.rms(), 0.01);
    }
}
