package io.orator.synthesis.encoding;

import io.orator.voices.PcmSink;
import java.io.IOException;
import java.io.OutputStream;

/**
 * 16-bit mono samples in, a format's bytes out, as they arrive: nothing is held back but a frame.
 * {@link #finish()} ends a complete stream; {@link #close()} releases what the encoder holds
 * (native memory, a process) and is safe after {@code finish} or instead of it, when a stream
 * is given up half way.
 */
public interface AudioEncoder extends PcmSink, AutoCloseable {

    /** Writes whatever the format needs at its end, then releases the encoder. */
    void finish() throws IOException;

    /** Releases the encoder without ending the stream; nothing happens after {@link #finish()}. */
    @Override
    default void close() {
    }

    /** Raw 16-bit little-endian samples, OpenAI's {@code pcm}. */
    static AudioEncoder pcm(OutputStream out) {
        return new LittleEndianSamples(out);
    }

    /**
     * A WAV stream: its length is unknown when the header leaves, so the header says "to the end
     * of the stream" (0xFFFFFFFF), as streaming WAV producers do; decoders read to the end.
     */
    static AudioEncoder wav(OutputStream out, int sampleRate) throws IOException {
        byte[] header = new byte[44];
        put(header, 0, "RIFF");
        putInt(header, 4, 0xFFFFFFFF);
        put(header, 8, "WAVEfmt ");
        putInt(header, 16, 16);
        putShort(header, 20, 1);
        putShort(header, 22, 1);
        putInt(header, 24, sampleRate);
        putInt(header, 28, sampleRate * 2);
        putShort(header, 32, 2);
        putShort(header, 34, 16);
        put(header, 36, "data");
        putInt(header, 40, 0xFFFFFFFF);
        out.write(header);
        return new LittleEndianSamples(out);
    }

    private static void put(byte[] into, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            into[at + i] = (byte) ascii.charAt(i);
        }
    }

    private static void putInt(byte[] into, int at, int value) {
        putShort(into, at, value);
        putShort(into, at + 2, value >>> 16);
    }

    private static void putShort(byte[] into, int at, int value) {
        into[at] = (byte) value;
        into[at + 1] = (byte) (value >>> 8);
    }

    final class LittleEndianSamples implements AudioEncoder {
        private final OutputStream out;
        private byte[] buffer = new byte[0];

        LittleEndianSamples(OutputStream out) {
            this.out = out;
        }

        @Override
        public void accept(short[] samples, int offset, int length) throws IOException {
            if (buffer.length < length * 2) {
                buffer = new byte[length * 2];
            }
            for (int i = 0; i < length; i++) {
                short sample = samples[offset + i];
                buffer[2 * i] = (byte) sample;
                buffer[2 * i + 1] = (byte) (sample >> 8);
            }
            out.write(buffer, 0, length * 2);
        }

        @Override
        public void finish() {
            // Nothing follows the last sample.
        }
    }
}
