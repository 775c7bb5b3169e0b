package io.orator.synthesis;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a 16-bit PCM WAV file holds, read in one streaming pass: format, duration, loudness and
 * how much of it is not silence. Used to describe finished audio and to check it in tests.
 *
 * @param sampleRate       frames per second
 * @param channels         channel count
 * @param bitsPerSample    always 16 for the files this reads
 * @param dataBytes        size of the audio data
 * @param durationSeconds  data length in seconds
 * @param rms              root mean square of all samples, 0..1 of full scale
 * @param nonSilentFraction share of 20 ms frames whose RMS is above {@link #SILENCE_THRESHOLD}
 */
public record WavInfo(int sampleRate, int channels, int bitsPerSample, long dataBytes,
                      double durationSeconds, double rms, double nonSilentFraction) {

    /** About -50 dBFS: quieter than any speech, louder than dither. */
    public static final double SILENCE_THRESHOLD = 0.00316;
    private static final double FRAME_SECONDS = 0.020;
    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;

    public static WavInfo read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            return read(in);
        }
    }

    /** Reads a WAV stream to its end; the caller closes it. */
    public static WavInfo read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (!"RIFF".equals(fourCc(in))) {
            throw new IOException("not a RIFF file");
        }
        in.readInt();
        if (!"WAVE".equals(fourCc(in))) {
            throw new IOException("not a WAVE file");
        }
        int format = -1;
        int channels = 0;
        int sampleRate = 0;
        int bits = 0;
        while (true) {
            String id = fourCc(in);
            long size = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            if ("fmt ".equals(id)) {
                format = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                channels = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                sampleRate = Integer.reverseBytes(in.readInt());
                in.readInt();
                in.readShort();
                bits = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                skip(in, size - 16 + (size & 1));
            } else if ("data".equals(id)) {
                if (format != PCM && format != EXTENSIBLE || bits != 16 || channels < 1 || sampleRate < 1) {
                    throw new IOException("only 16-bit PCM is supported (format " + format + ", "
                            + bits + " bits, " + channels + " channels, " + sampleRate + " Hz)");
                }
                return measure(in, size, sampleRate, channels);
            } else {
                skip(in, size + (size & 1));
            }
        }
    }

    /** Streams the samples; a data size larger than the file (an unfinished header) stops at the end. */
    private static WavInfo measure(DataInputStream in, long declaredBytes, int sampleRate, int channels)
            throws IOException {
        int frameSamples = Math.max(1, (int) Math.round(sampleRate * FRAME_SECONDS)) * channels;
        double threshold = SILENCE_THRESHOLD * SILENCE_THRESHOLD;
        double total = 0;
        double frame = 0;
        int inFrame = 0;
        long frames = 0;
        long loudFrames = 0;
        long samples = 0;
        byte[] buffer = new byte[64 * 1024];
        long remaining = declaredBytes & ~1L;
        int carried = 0;
        while (remaining > 0) {
            int read = in.read(buffer, carried, (int) Math.min(buffer.length - carried, remaining - carried));
            if (read < 0) {
                break;
            }
            int available = carried + read;
            int usable = available & ~1;
            for (int i = 0; i < usable; i += 2) {
                double s = (short) ((buffer[i] & 0xFF) | (buffer[i + 1] << 8)) / 32768.0;
                double square = s * s;
                total += square;
                frame += square;
                if (++inFrame == frameSamples) {
                    frames++;
                    if (frame / inFrame > threshold) {
                        loudFrames++;
                    }
                    frame = 0;
                    inFrame = 0;
                }
            }
            // An odd read splits a sample: keep its first byte for the next round.
            carried = available - usable;
            if (carried == 1) {
                buffer[0] = buffer[usable];
            }
            samples += usable / 2;
            remaining -= usable;
        }
        if (inFrame > 0) {
            frames++;
            if (frame / inFrame > threshold) {
                loudFrames++;
            }
        }
        long dataBytes = samples * 2;
        return new WavInfo(sampleRate, channels, 16, dataBytes,
                (double) samples / channels / sampleRate,
                samples == 0 ? 0 : Math.sqrt(total / samples),
                frames == 0 ? 0 : (double) loudFrames / frames);
    }

    private static String fourCc(DataInputStream in) throws IOException {
        byte[] id = new byte[4];
        in.readFully(id);
        return new String(id, StandardCharsets.US_ASCII);
    }

    private static void skip(DataInputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("WAV chunk runs past the end of the file");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
