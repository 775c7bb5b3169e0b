package io.orator.synthesis;

import io.orator.voices.PcmSink;
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

    /** Collects everything a resampler emits. */
    static final class Collector implements PcmSink {
        short[] samples = new short[0];
        int count;

        @Override
        public void accept(short[] in, int offset, int length) {
            samples = Arrays.copyOf(samples, Math.max(samples.length, count + length));
            System.arraycopy(in, offset, samples, count, length);
            count += length;
        }

        short[] all() {
            return Arrays.copyOf(samples, count);
        }
    }

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
        Collector out = new Collector();
        Resampler resampler = new Resampler(16000, 22050, out);
        short[] tone = WavInfoTest.sine(440, 16000, 16000, 0.5);

        // Odd block sizes exercise the streaming state.
        for (int i = 0; i < tone.length; i += 999) {
            resampler.accept(tone, i, Math.min(999, tone.length - i));
        }
        resampler.flush();

        assertEquals(22050, out.count);
        assertEquals(22050, resampler.outputLength(16000));
        short[] expected = WavInfoTest.sine(440, 22050, 22050, 0.5);
        // Away from the edges, where the filter sees zero padding, the tone is reproduced closely.
        for (int i = 100; i < 21950; i++) {
            assertEquals(expected[i], out.all()[i], 200, "sample " + i);
        }
    }

    @Test
    void downsampling24kTo16kKeepsToneAndLength() throws IOException {
        Collector out = new Collector();
        Resampler resampler = new Resampler(24000, 16000, out);
        short[] tone = WavInfoTest.sine(1000, 24000, 24001, 0.5);

        resampler.accept(tone, 0, tone.length);
        resampler.flush();

        assertEquals(16001, out.count);
        short[] expected = WavInfoTest.sine(1000, 16000, 16001, 0.5);
        for (int i = 100; i < 15900; i++) {
            assertEquals(expected[i], out.all()[i], 200, "sample " + i);
        }
    }

    @Test
    void downsamplingRemovesFrequenciesAboveTheNewNyquist() throws IOException {
        Collector out = new Collector();
        Resampler resampler = new Resampler(48000, 16000, out);
        short[] tone = WavInfoTest.sine(12000, 48000, 48000, 0.5);

        resampler.accept(tone, 0, tone.length);
        resampler.flush();

        double sum = 0;
        for (int i = 100; i < out.count - 100; i++) {
            sum += (double) out.samples[i] * out.samples[i];
        }
        double rms = Math.sqrt(sum / (out.count - 200)) / 32768;
        assertTrue(rms < 0.01, "aliased energy " + rms);
    }

    @Test
    void streamingGivesTheSameResultAsOneBlock() throws IOException {
        short[] tone = WavInfoTest.sine(300, 22050, 5000, 0.8);
        Collector whole = new Collector();
        Resampler one = new Resampler(22050, 16000, whole);
        one.accept(tone, 0, tone.length);
        one.flush();

        Collector pieces = new Collector();
        Resampler many = new Resampler(22050, 16000, pieces);
        for (int i = 0; i < tone.length; i += 7) {
            many.accept(tone, i, Math.min(7, tone.length - i));
        }
        many.flush();

        assertArrayEquals(whole.all(), pieces.all());
    }

    @Test
    void flushStartsAFreshChunk() throws IOException {
        Collector out = new Collector();
        Resampler resampler = new Resampler(16000, 22050, out);
        short[] tone = WavInfoTest.sine(440, 16000, 1600, 0.5);

        resampler.accept(tone, 0, tone.length);
        resampler.flush();
        short[] first = out.all();
        resampler.accept(tone, 0, tone.length);
        resampler.flush();

        assertEquals(2 * 2205, out.count);
        assertArrayEquals(first, Arrays.copyOfRange(out.all(), 2205, 4410));
    }

    @Test
    void silenceStaysSilent() throws IOException {
        Collector out = new Collector();
        Resampler resampler = new Resampler(22050, 44100, out);

        resampler.accept(new short[1000], 0, 1000);
        resampler.flush();

        assertArrayEquals(new short[2000], out.all());
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
