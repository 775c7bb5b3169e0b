package io.orator.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One stored audio file opened for one download: its size is fixed when it is opened, and every
 * byte served comes from that same stored file, wherever it is kept.
 */
public interface StoredAudio extends AutoCloseable {

    /** The size of the audio as it was opened. */
    long size();

    /** Writes {@code count} bytes from {@code start} to {@code out}. */
    void transferTo(long start, long count, OutputStream out) throws IOException;

    @Override
    void close() throws IOException;
}
