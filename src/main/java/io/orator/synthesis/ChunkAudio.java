package io.orator.synthesis;

import io.orator.voices.PcmSink;
import java.util.Arrays;

/**
 * One chunk's audio, held while it is levelled before it is written: bounded by the chunk size
 * (300 characters, some 20 seconds of speech), and reused from chunk to chunk.
 */
final class ChunkAudio implements PcmSink {

    private short[] samples = new short[1 << 16];
    private int length;

    @Override
    public void accept(short[] chunk, int offset, int count) {
        if (length + count > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(2 * samples.length, length + count));
        }
        System.arraycopy(chunk, offset, samples, length, count);
        length += count;
    }

    short[] samples() {
        return samples;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }
}
