package io.orator.synthesis.encoding;

import java.io.IOException;
import java.io.OutputStream;

/**
 * 16-bit little-endian samples as bytes in (a WAV file's data, read in blocks), an encoder's
 * samples out. A sample split between two writes is kept until its second byte arrives.
 */
public final class EncodingOutputStream extends OutputStream {

    private static final int BLOCK_SAMPLES = 8_192;

    private final AudioEncoder encoder;
    private final short[] block = new short[BLOCK_SAMPLES];
    private int lowByte = -1;

    public EncodingOutputStream(AudioEncoder encoder) {
        this.encoder = encoder;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int at = offset;
        int end = offset + length;
        int samples = 0;
        if (lowByte >= 0 && at < end) {
            block[samples++] = (short) (lowByte | bytes[at++] << 8);
            lowByte = -1;
        }
        while (at + 1 < end) {
            block[samples++] = (short) ((bytes[at] & 0xff) | bytes[at + 1] << 8);
            at += 2;
            if (samples == block.length) {
                encoder.accept(block, 0, samples);
                samples = 0;
            }
        }
        if (samples > 0) {
            encoder.accept(block, 0, samples);
        }
        if (at < end) {
            lowByte = bytes[at] & 0xff;
        }
    }

    /** Ends the stream: the encoder writes what its format needs at the end, and is released either way. */
    @Override
    public void close() throws IOException {
        try {
            encoder.finish();
        } finally {
            encoder.close();
        }
    }
}
