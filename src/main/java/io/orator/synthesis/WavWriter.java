package io.orator.synthesis;

import io.orator.voices.PcmSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Streams 16-bit mono PCM into a temporary WAV file and, on {@link #finish}, publishes it
 * atomically under its final name: a crash leaves either no audio or a complete file.
 * Closing without finishing deletes the temporary file.
 */
public final class WavWriter implements PcmSink, AutoCloseable {

    /** Every WAV file Orator writes has this header, then the samples. */
    public static final int HEADER_BYTES = 44;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final short BITS_PER_SAMPLE = 16;
    private static final short BYTES_PER_SAMPLE = BITS_PER_SAMPLE / 8;
    /** RIFF sizes are unsigned 32-bit; the RIFF size field counts everything after its first 8 bytes. */
    static final long MAX_DATA_BYTES = (0xFFFF_FFFFL - (HEADER_BYTES - 8)) & ~1L;

    private final Path tempFile;
    private final int sampleRate;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long samplesWritten;
    private boolean open = true;
    private boolean published;

    private WavWriter(Path tempFile, int sampleRate, FileChannel channel) {
        this.tempFile = tempFile;
        this.sampleRate = sampleRate;
        this.channel = channel;
    }

    /** Creates (or truncates a leftover) {@code tempFile} and reserves room for the header. */
    public static WavWriter create(Path tempFile, int sampleRate) throws IOException {
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        FileChannel channel = FileChannel.open(tempFile, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        WavWriter writer = new WavWriter(tempFile, sampleRate, channel);
        writer.buffer.put(new byte[HEADER_BYTES]);
        return writer;
    }

    /**
     * Opens a temporary file that already holds the first part of a job's audio (header room
     * included) to write the rest after it.
     *
     * @throws IOException when the file is not such a part
     */
    public static WavWriter resume(Path tempFile, int sampleRate) throws IOException {
        FileChannel channel = FileChannel.open(tempFile, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (size < HEADER_BYTES || (size - HEADER_BYTES) % BYTES_PER_SAMPLE != 0) {
                throw new IOException("not the start of a job's audio: " + size + " bytes");
            }
            channel.position(size);
            WavWriter writer = new WavWriter(tempFile, sampleRate, channel);
            writer.samplesWritten = (size - HEADER_BYTES) / BYTES_PER_SAMPLE;
            return writer;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Writes what is buffered to the file; returns the file's length, header room included. */
    public long flush() throws IOException {
        ensureOpen();
        drain();
        return HEADER_BYTES + samplesWritten * BYTES_PER_SAMPLE;
    }

    @Override
    public void accept(short[] samples, int offset, int length) throws IOException {
        ensureOpen();
        reserve(length);
        for (int i = offset, end = offset + length; i < end; i++) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.putShort(samples[i]);
        }
        samplesWritten += length;
    }

    /** Appends {@code millis} of silence without allocating it. */
    public void writeSilence(int millis) throws IOException {
        writeSilenceSamples((long) millis * sampleRate / 1000);
    }

    public void writeSilenceSamples(long samples) throws IOException {
        ensureOpen();
        if (samples < 0) {
            throw new IllegalArgumentException("negative silence: " + samples);
        }
        reserve(samples);
        long bytes = samples * BYTES_PER_SAMPLE;
        while (bytes > 0) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int n = (int) Math.min(bytes, buffer.remaining());
            // The buffer is reused, so its bytes are stale and must be zeroed explicitly.
            Arrays.fill(buffer.array(), buffer.position(), buffer.position() + n, (byte) 0);
            buffer.position(buffer.position() + n);
            bytes -= n;
        }
        samplesWritten += samples;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public long samplesWritten() {
        return samplesWritten;
    }

    public double durationSeconds() {
        return (double) samplesWritten / sampleRate;
    }

    /**
     * Writes the real header, forces the data to disk, and moves the file to {@code finalPath}
     * atomically (replacing an existing file only where the file system cannot move atomically).
     *
     * @return the size of the finished file in bytes
     */
    public long finish(Path finalPath) throws IOException {
        ensureOpen();
        drain();
        long dataBytes = samplesWritten * BYTES_PER_SAMPLE;
        ByteBuffer header = header(dataBytes);
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
        channel.force(true);
        open = false;
        channel.close();
        try {
            Files.move(tempFile, finalPath, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tempFile, finalPath, StandardCopyOption.REPLACE_EXISTING);
        }
        published = true;
        syncDirectory(finalPath.toAbsolutePath().getParent());
        return HEADER_BYTES + dataBytes;
    }

    /** Deletes the temporary file unless {@link #finish} published it. */
    @Override
    public void close() throws IOException {
        open = false;
        if (published) {
            return;
        }
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(tempFile);
        }
    }

    private ByteBuffer header(long dataBytes) {
        int blockAlign = BYTES_PER_SAMPLE;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(new byte[] {'R', 'I', 'F', 'F'})
                .putInt((int) (HEADER_BYTES - 8 + dataBytes))
                .put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '})
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(sampleRate)
                .putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign)
                .putShort(BITS_PER_SAMPLE)
                .put(new byte[] {'d', 'a', 't', 'a'})
                .putInt((int) dataBytes);
        return header.flip();
    }

    private void reserve(long samples) throws IOException {
        if ((samplesWritten + samples) * BYTES_PER_SAMPLE > MAX_DATA_BYTES) {
            throw new IOException("audio would exceed the 4 GiB limit of a WAV file ("
                    + (samplesWritten + samples) + " samples)");
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private void ensureOpen() {
        if (!open) {
            throw new IllegalStateException("WAV file " + tempFile + " is already finished or closed");
        }
    }

    /** Makes the rename durable; not every platform can open a directory, which is fine. */
    private static void syncDirectory(Path directory) {
        if (directory == null) {
            return;
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Best effort: Windows and some file systems refuse; the data itself is already forced.
        }
    }
}
