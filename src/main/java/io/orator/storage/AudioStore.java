package io.orator.storage;

import io.orator.platform.DataDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The audio files of finished jobs and the temporary files of the running one. A job's audio is
 * written under {@code tmp/} and moved into place only when complete, so a crash leaves either
 * no audio or a whole file.
 */
@ApplicationScoped
public class AudioStore {

    private static final Logger LOG = Logger.getLogger(AudioStore.class.getName());
    public static final String TEMP_SUFFIX = ".part";

    @Inject
    DataDirectory dataDirectory;

    private Path audioDir;
    private Path tempDir;

    @PostConstruct
    void createDirectories() {
        audioDir = dataDirectory.resolve("audio");
        tempDir = audioDir.resolve("tmp");
        try {
            Files.createDirectories(tempDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the audio directory " + audioDir, e);
        }
    }

    public static final String AUDIO_SUFFIX = ".wav";
    /** A job's timeline (where each sentence and word is heard) lies beside its audio under this suffix. */
    public static final String TIMELINE_SUFFIX = ".timeline";

    /**
     * The final, complete audio of one attempt at a job; the file name is what the job row stores.
     * Every attempt has its own, so a stale attempt cannot overwrite the current one's.
     */
    public Path audioFile(UUID jobId, int attempt) {
        return audioDir.resolve(jobId + "-" + attempt + AUDIO_SUFFIX);
    }

    /** The job a stored audio or temporary file belongs to, from its name; empty for other files. */
    public static Optional<UUID> jobOf(Path file) {
        String name = file.getFileName().toString();
        if (name.length() < 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(name.substring(0, 36)));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /** The timeline that belongs with a stored audio file. */
    public Path timelineOf(String audioFileName) {
        return audioDir.resolve(stem(audioFileName) + TIMELINE_SUFFIX);
    }

    /** One attempt's timeline, published with its audio. */
    public Path timelineFile(UUID jobId, int attempt) {
        return audioDir.resolve(jobId + "-" + attempt + TIMELINE_SUFFIX);
    }

    /** One attempt's timeline while it is written. */
    public Path tempTimelineFile(UUID jobId, int attempt) {
        return tempDir.resolve(jobId + "-" + attempt + TIMELINE_SUFFIX + TEMP_SUFFIX);
    }

    /**
     * The attempt a stored or temporary file belongs to, {@code "<job id>-<attempt>"}: its name up to
     * the first dot.
     */
    public static String attemptOf(String fileName) {
        int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    private static String stem(String audioFileName) {
        return audioFileName.endsWith(AUDIO_SUFFIX)
                ? audioFileName.substring(0, audioFileName.length() - AUDIO_SUFFIX.length()) : audioFileName;
    }

    public Path resolveStored(String fileName) {
        return audioDir.resolve(fileName);
    }

    /**
     * Opens a job's stored audio once for one download.
     *
     * @return nothing when the file is gone (deleted or expired)
     * @throws IOException when it is there but cannot be read
     */
    public Optional<StoredAudio> open(String fileName) throws IOException {
        return StoredAudio.open(resolveStored(fileName));
    }

    /** A fresh temporary file for one attempt at a job. */
    public Path tempFile(UUID jobId, int attempt) {
        return tempDir.resolve(jobId + "-" + attempt + TEMP_SUFFIX);
    }

    public Path audioDirectory() {
        return audioDir;
    }

    public Path tempDirectory() {
        return tempDir;
    }

    /** Deletes a job's audio and its timeline if present; returns the audio's bytes freed. */
    public long delete(String fileName) {
        if (fileName == null) {
            return 0;
        }
        Path file = resolveStored(fileName);
        Path timeline = timelineOf(fileName);
        try {
            long size = Files.exists(file) ? Files.size(file) : 0;
            Files.deleteIfExists(file);
            Files.deleteIfExists(timeline);
            return size;
        } catch (IOException e) {
            LOG.warning(() -> "Cannot delete audio " + file + ": " + e.getMessage());
            return 0;
        }
    }

    /** Bytes of finished audio on disk (the temp folder not included). */
    public long bytesOnDisk() {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(audioDir, "*" + AUDIO_SUFFIX)) {
            for (Path file : files) {
                total += Files.size(file);
            }
        } catch (IOException e) {
            LOG.warning(() -> "Cannot measure " + audioDir + ": " + e.getMessage());
        }
        return total;
    }

    public long usableSpace() {
        try {
            return Files.getFileStore(audioDir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    public boolean isWritable() {
        return Files.isDirectory(tempDir) && Files.isWritable(tempDir);
    }
}
