package io.orator.voices.piper;

/** Float model output to 16-bit PCM the way Piper does it: peak-normalised per chunk, then clipped. */
final class Pcm16 {

    /** Quieter chunks are not amplified beyond this peak, so near-silence stays silent. */
    private static final float MIN_PEAK = 0.01f;

    private Pcm16() {
    }

    static short[] fromFloat(float[] audio) {
        float peak = MIN_PEAK;
        for (float sample : audio) {
            float magnitude = Math.abs(sample);
            if (magnitude > peak) {
                peak = magnitude;
            }
        }
        float scale = Short.MAX_VALUE / peak;
        short[] pcm = new short[audio.length];
        for (int i = 0; i < audio.length; i++) {
            float scaled = audio[i] * scale;
            // NaN passes through min/max and casts to 0.
            pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, scaled));
        }
        return pcm;
    }
}
