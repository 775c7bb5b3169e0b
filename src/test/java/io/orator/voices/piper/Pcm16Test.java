package io.orator.voices.piper;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class Pcm16Test {

    @Test
    void scalesThePeakToFullScale() {
        assertArrayEquals(new short[] {16383, -32767, 0, 32767}, Pcm16.fromFloat(new float[] {0.25f, -0.5f, 0f, 0.5f}));
    }

    @Test
    void doesNotAmplifyNearSilenceBeyondTheMinimumPeak() {
        assertArrayEquals(new short[] {3276, -3276}, Pcm16.fromFloat(new float[] {0.001f, -0.001f}));
    }

    @Test
    void turnsNanIntoSilence() {
        assertArrayEquals(new short[] {0, 32767}, Pcm16.fromFloat(new float[] {Float.NaN, 1f}));
    }

    @Test
    void emptyStaysEmpty() {
        assertArrayEquals(new short[0], Pcm16.fromFloat(new float[0]));
    }
}
