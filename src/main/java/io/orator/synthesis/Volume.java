package io.orator.synthesis;

import io.orator.voices.PcmSink;
import java.io.IOException;

/**
 * Changes the volume of the audio passing through by a set number of decibels, for chunks that
 * ask for it ({@code <prosody volume>}) when nothing levels the job; louder samples saturate
 * rather than wrap. At 0 dB the audio passes untouched.
 */
final class Volume implements PcmSink {

    private final PcmSink target;
    private double factor = 1;
    private short[] changed = new short[0];

    Volume(PcmSink target) {
        this.target = target;
    }

    void set(double volumeDb) {
        factor = Math.pow(10, volumeDb / 20);
    }

    @Override
    public void accept(short[] samples, int offset, int length) throws IOException {
        if (factor == 1) {
            target.accept(samples, offset, length);
            return;
        }
        if (changed.length < length) {
            changed = new short[length];
        }
        for (int i = 0; i < length; i++) {
            long value = Math.round(samples[offset + i] * factor);
            changed[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
        }
        target.accept(changed, 0, length);
    }
}
