package io.orator.it;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A job's WAV audio as samples, and where speech sounds in it. */
final class SpeechSamples {

    /** −30 dBFS: speech, not the fading tail of the word before it. */
    static final int SOUND = 1000;

    private SpeechSamples() {
    }

    /** The 16-bit samples of a WAV file as Orator writes it: a 44-byte header, then little-endian PCM. */
    static short[] of(byte[] wav) {
        ByteBuffer data = ByteBuffer.wrap(wav, 44, wav.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        short[] pcm = new short[data.remaining() / 2];
        data.asShortBuffer().get(pcm);
        return pcm;
    }

    /** The first millisecond from {@code fromMillis} on where speech sounds, or -1 when it never does. */
    static long firstSound(short[] pcm, int rate, long fromMillis) {
        for (int i = (int) (fromMillis * rate / 1000); i < pcm.length; i++) {
            if (Math.abs(pcm[i]) > SOUND) {
                return i * 1000L / rate;
            }
        }
        return -1;
    }
}
