package io.orator.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies of bucket audio on this node's disk, bounded in bytes, least recently used out first.
 * A player seeking in a file asks for many short ranges, and each range from the bucket is a
 * signed request of its own; from a copy it is one read of the disk, as with local storage.
 *
 * <p>Audio names are never reused (each attempt has its own), so a copy never goes stale; a job
 * deleted or expired elsewhere is refused by its row, read before every download, and its copy
 * ages out. Copies are not kept across restarts: the directory is emptied when the store opens,
 * so nothing deleted while this node was down is ever served from it.
 */
final class LocalCopies {

    private static final Logger LOG = Logger.getLogger(LocalCopies.class.getName());
    private static final String PART = ".part";

    /** Fetches a whole object into a file. */
    @FunctionalInterface
    interface Download {
        void into(Path file) throws IOException;
    }

    private final Path directory;
    private final long capacityBytes;
    private final Executor filler;
    /** Copy sizes by name, in access order, so the eldest is the least recently used. */
    private final LinkedHashMap<String, Long> sizes = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<String> filling = ConcurrentHashMap.newKeySet();
    private long bytes;

    /**
     * @param capacityBytes disk the copies may take; 0 keeps none
     * @param filler where copies are downloaded, off the request that asked for them
     */
    LocalCopies(Path directory, long capacityBytes, Executor filler) throws IOException {
        this.directory = directory;
        this.capacityBytes = capacityBytes;
        this.filler = filler;
        Files.createDirectories(directory);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory)) {
            for (Path file : leftovers) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The copy of {@code name}, opened for one download; nothing when this node holds none. */
    Optional<StoredAudio> open(String name) throws IOException {
        synchronized (this) {
            if (sizes.get(name) == null) {
                return Optional.empty();
            }
        }
        Optional<StoredAudio> copy = FileAudio.open(file(name));
        if (copy.isEmpty()) {
            // Evicted between the look-up and the open: the caller reads the bucket instead.
            forget(name);
        }
        return copy;
    }

    /**
     * Keeps a file just published under {@code name} as its copy, moving it in; a file larger than
     * the whole capacity is deleted instead. Never fails the publication: the bucket has the audio,
     * and a copy that cannot be kept is only a slower download.
     */
    void keep(Path published, String name) {
        try {
            long size = Files.size(published);
            if (size > capacityBytes) {
                Files.delete(published);
                return;
            }
            Files.move(published, file(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            added(name, size);
        } catch (IOException e) {
            LOG.log(Level.WARNING, e, () -> "Cannot keep a local copy of " + name + "; downloads read the bucket");
            try {
                Files.deleteIfExists(published);
            } catch (IOException alsoFailed) {
                LOG.log(Level.FINE, alsoFailed, () -> "Cannot remove " + published);
            }
        }
    }

    /**
     * Starts downloading a copy of {@code name} in the background, unless one is held, on its way,
     * or would not fit. Downloads that fail leave nothing; the bucket keeps serving.
     */
    void fillLater(String name, long size, Download download) {
        if (size > capacityBytes || holds(name) || !filling.add(name)) {
            return;
        }
        try {
            filler.execute(() -> fill(name, size, download));
        } catch (RejectedExecutionException e) {
            filling.remove(name);
        }
    }

    private void fill(String name, long size, Download download) {
        Path part = directory.resolve(name + PART);
        try {
            download.into(part);
            if (Files.size(part) != size) {
                throw new IOException("the copy has " + Files.size(part) + " bytes, the object " + size);
            }
            Files.move(part, file(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            added(name, size);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "No local copy of " + name + "; downloads read the bucket");
        } finally {
            filling.remove(name);
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                LOG.log(Level.FINE, e, () -> "Cannot remove " + part);
            }
        }
    }

    /** Drops the copy of a deleted object. */
    void forget(String name) throws IOException {
        synchronized (this) {
            Long size = sizes.remove(name);
            if (size != null) {
                bytes -= size;
            }
        }
        Files.deleteIfExists(file(name));
    }

    synchronized boolean holds(String name) {
        return sizes.containsKey(name);
    }

    synchronized long bytes() {
        return bytes;
    }

    private void added(String name, long size) throws IOException {
        Map<String, Long> evicted = new LinkedHashMap<>();
        synchronized (this) {
            Long before = sizes.put(name, size);
            bytes += size - (before == null ? 0 : before);
            Iterator<Map.Entry<String, Long>> eldest = sizes.entrySet().iterator();
            while (bytes > capacityBytes && eldest.hasNext()) {
                Map.Entry<String, Long> entry = eldest.next();
                if (!entry.getKey().equals(name)) {
                    evicted.put(entry.getKey(), entry.getValue());
                    bytes -= entry.getValue();
                    eldest.remove();
                }
            }
        }
        // Deleted outside the lock; a download that has the file open keeps reading it.
        for (String old : evicted.keySet()) {
            Files.deleteIfExists(file(old));
        }
    }

    private Path file(String name) {
        return directory.resolve(name);
    }
}
