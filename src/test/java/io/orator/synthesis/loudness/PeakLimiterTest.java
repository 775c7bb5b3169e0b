package io.orator.synthesis.loudness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeakLimiterTest {

    private static final int RATE = 22050;

    @Test
    void quietAudioOnlyGetsTheGainAndComesOutWholeAfterItsLatency() {
        PeakLimiter limiter = new PeakLimiter(2.0, 30000, RATE);
        short[] in = LoudnessMeterTest.sine(RATE, 440, 0.1, 1);
        short[] out = run(limiter, in, 1000);

        assertEquals(in.length, out.length);
        for (int i = 0; i < in.length; i++) {
            assertEquals(Math.round(in[i] * 2.0), out[i], 1, "sample " + i);
        }
    }

    @Test
    void peaksOverTheCeilingAreHeldUnderItWithoutClippingTheRest() {
        double ceiling = 32767 * Math.pow(10, -1 / 20.0);
        short[] in = LoudnessMeterTest.sine(RATE, 440, 0.1, 2);
        // One loud burst in the middle: 50 ms at nearly full scale.
        short[] burst = LoudnessMeterTest.sine(RATE, 440, 0.9, 1);
        System.arraycopy(burst, 0, in, RATE, RATE / 20);
        PeakLimiter limiter = new PeakLimiter(3.0, ceiling, RATE);

        short[] out = run(limiter, in, 777);

        int peak = 0;
        for (short sample : out) {
            peak = Math.max(peak, Math.abs(sample));
        }
        assertTrue(peak <= Math.ceil(ceiling), "peak " + peak);
        // Away from the burst (before its look-ahead, after its release) the gain is untouched.
        int before = RATE / 2;
        int after = RATE + RATE / 20 + RATE / 2;
        assertEquals(Math.round(in[before] * 3.0), out[before], 1);
        assertEquals(Math.round(in[after] * 3.0), out[after], 2);
    }

    /** Feeds {@code in} in blocks of {@code block} and gathers the output with the flush. */
    private static short[] run(PeakLimiter limiter, short[] in, int block) {
        short[] out = new short[in.length];
        short[] buffer = new short[block + limiter.latency()];
        int written = 0;
        for (int from = 0; from < in.length; from += block) {
            int produced = limiter.process(in, from, Math.min(block, in.length - from), buffer);
            System.arraycopy(buffer, 0, out, written, produced);
            written += produced;
        }
        int produced = limiter.flush(buffer);
        System.arraycopy(buffer, 0, out, written, produced);
        assertEquals(in.length, written + produced, "every sample comes out");
        return out;
    }
}
