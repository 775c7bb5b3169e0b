package io.orator.synthesis.encoding;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.IOException;
import java.io.OutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * MP3 through jump3r, a pure-Java port of LAME: constant 64 kbit/s mono, as speech needs and
 * OpenAI's tts-1 sends. Samples are encoded as they arrive, one LAME frame buffer at a time.
 * LAME's quality 7 ("fast, good enough"): bench/EncodeSpeed.java measured 256 times real time on
 * one core against 175 at quality 5, and speech at 64 kbit/s does not need the finer noise shaping.
 */
final class Mp3Encoder implements AudioEncoder {

    private static final int BITRATE_KBPS = 64;

    private final OutputStream out;
    private final LameEncoder lame;
    private final byte[] pcm;
    private final byte[] mp3;
    private int pending;
    private boolean closed;

    Mp3Encoder(OutputStream out, int sampleRate) {
        this.out = out;
        this.lame = new LameEncoder(new AudioFormat(sampleRate, 16, 1, true, false), BITRATE_KBPS,
                LameEncoder.CHANNEL_MODE_MONO, LameEncoder.QUALITY_LOW, false);
        this.pcm = new byte[lame.getPCMBufferSize()];
        this.mp3 = new byte[lame.getMP3BufferSize()];
    }

    @Override
    public void accept(short[] samples, int offset, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            short sample = samples[offset + i];
            pcm[pending++] = (byte) sample;
            pcm[pending++] = (byte) (sample >> 8);
            if (pending == pcm.length) {
                encodePending();
            }
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            encodePending();
            int last = lame.encodeFinish(mp3);
            out.write(mp3, 0, last);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            lame.close();
        }
    }

    private void encodePending() throws IOException {
        if (pending > 0) {
            int written = lame.encodeBuffer(pcm, 0, pending, mp3);
            out.write(mp3, 0, written);
            pending = 0;
        }
    }
}
