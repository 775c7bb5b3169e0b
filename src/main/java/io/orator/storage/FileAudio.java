package io.orator.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One audio file opened once for one download. Its size and every byte served come from this
 * open file, so a delete or an expiry racing the download changes nothing for it: on Linux an
 * open file lives on after its name is removed, and the client gets the whole file or the whole
 * range it asked for.
 */
public final class FileAudio implements StoredAudio {

    private final FileChannel channel;
    private final long size;

    private FileAudio(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens {@code file} for reading.
     *
     * @return nothing when the file is gone (deleted, expired)
     * @throws IOException when it exists but cannot be read
     */
    public static Optional<StoredAudio> open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FileAudio(channel, channel.size()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The size of the file as it was opened. */
    @Override
    public long size() {
        return size;
    }

    /** Writes {@code count} bytes from {@code start} to {@code out}, straight from the file. */
    @Override
    public void transferTo(long start, long count, OutputStream out) throws IOException {
        WritableByteChannel target = Channels.newChannel(out);
        long position = start;
        long remaining = count;
        while (remaining > 0) {
            long sent = channel.transferTo(position, remaining, target);
            if (sent <= 0) {
                // The file shrank under us, which published audio never does: end rather than spin.
                throw new IOException("audio file ended at byte " + position + " of " + size);
            }
            position += sent;
            remaining -= sent;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
