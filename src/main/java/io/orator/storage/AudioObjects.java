package io.orator.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where finished audio and timelines are kept for download, by name: this node's disk or an
 * S3-compatible bucket that every node shares. Names are {@code <job id>-<attempt>.<kind>}, so a
 * stale attempt never writes over the current one's.
 */
public interface AudioObjects {

    /** What readiness and the console call this store: {@code local} or {@code s3}. */
    String kind();

    /**
     * Makes a complete local file available under {@code name}, whole or not at all, and removes
     * the local file.
     */
    void publish(Path file, String name) throws IOException;

    /**
     * Opens a stored file for one download.
     *
     * @return nothing when there is no such file (deleted, expired)
     * @throws IOException when it is there but cannot be read, or the store cannot be reached
     */
    Optional<StoredAudio> open(String name) throws IOException;

    /** Reads a stored file from its start; nothing when there is no such file. */
    Optional<InputStream> read(String name) throws IOException;

    boolean exists(String name) throws IOException;

    /** Deletes a stored file if present; returns the bytes it held. */
    long delete(String name) throws IOException;

    /** The stored files last written before {@code before}, for the orphan sweep. */
    List<String> namesWrittenBefore(Instant before) throws IOException;

    /** Bytes held by every stored file with {@code suffix}. */
    long bytesStored(String suffix) throws IOException;

    /** Whether new audio can be published now, with what readiness shows about it. */
    StoreHealth health();
}
