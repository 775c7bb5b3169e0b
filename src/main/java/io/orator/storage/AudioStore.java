package io.orator.storage;

import io.orator.platform.DataDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audio of jobs: written on this node's disk under {@code tmp/} while a job runs, then
 * published whole to the configured store ({@code orator.storage.type}: this node's disk, or an
 * S3-compatible bucket every node shares), from where any download, expiry or delete reaches it
 * by name.
 */
@ApplicationScoped
public class AudioStore {

    private static final Logger LOG = Logger.getLogger(AudioStore.class.getName());
    public static final String TEMP_SUFFIX = ".part";
    public static final String AUDIO_SUFFIX = ".wav";
    /** A job's timeline (where each sentence and word is heard) lies beside its audio under this suffix. */
    public static final String TIMELINE_SUFFIX = ".timeline";
    private static final String SEGMENT_MARK = ".seg";
    /** Readiness and the dispatcher ask often; the store is asked at most this often. */
    private static final Duration HEALTH_TTL = Duration.ofSeconds(2);

    @Inject
    DataDirectory dataDirectory;

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "orator.storage.type", defaultValue = "local")
    String type;

    @Inject
    @ConfigProperty(name = "orator.storage.min-free-bytes", defaultValue = "268435456")
    long minFreeBytes;

    /** Downloads copies of bucket audio to this node, off the request that asked. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService copier;

    private Path audioDir;
    private Path tempDir;
    private AudioObjects objects;
    private volatile CachedHealth lastHealth;

    private record CachedHealth(StoreHealth health, Instant at) {
    }

    @PostConstruct
    void open() {
        audioDir = dataDirectory.resolve("audio");
        tempDir = audioDir.resolve("tmp");
        try {
            Files.createDirectories(tempDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the audio directory " + audioDir, e);
        }
        objects = switch (type) {
            case "local" -> new LocalAudioObjects(audioDir);
            case "s3" -> {
                S3Settings settings = S3Settings.from(config);
                S3AudioObjects s3 = new S3AudioObjects(settings, tempDir, localCopies(settings));
                s3.createBucketIfMissing();
                LOG.info(() -> "Audio is kept in " + settings.location());
                yield s3;
            }
            default -> throw new IllegalArgumentException("orator.storage.type is local or s3, not '" + type + "'");
        };
    }

    private LocalCopies localCopies(S3Settings settings) {
        try {
            return new LocalCopies(audioDir.resolve("copies"), settings.localCopiesBytes(), copier);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory of local copies under " + audioDir, e);
        }
    }

    @PreDestroy
    void close() {
        if (objects instanceof S3AudioObjects s3) {
            s3.close();
        }
    }

    /** The stored name of one attempt's audio. Every attempt has its own, so a stale one never overwrites the current one's. */
    public static String audioName(UUID jobId, int attempt) {
        return jobId + "-" + attempt + AUDIO_SUFFIX;
    }

    /** The stored name of the timeline that belongs with a stored audio file. */
    public static String timelineName(String audioName) {
        return attemptOf(audioName) + TIMELINE_SUFFIX;
    }

    /** Where one attempt's audio is complete on this node's disk, before it is published. */
    public Path finishedAudio(UUID jobId, int attempt) {
        return tempDir.resolve(audioName(jobId, attempt));
    }

    /** Where one attempt's audio is written while it runs. */
    public Path tempFile(UUID jobId, int attempt) {
        return tempDir.resolve(audioName(jobId, attempt) + TEMP_SUFFIX);
    }

    /** Where one attempt's timeline is complete on this node's disk, before it is published. */
    public Path finishedTimeline(UUID jobId, int attempt) {
        return tempDir.resolve(timelineName(audioName(jobId, attempt)));
    }

    /** Where one attempt's timeline is written while it runs. */
    public Path tempTimelineFile(UUID jobId, int attempt) {
        return tempDir.resolve(timelineName(audioName(jobId, attempt)) + TEMP_SUFFIX);
    }

    /**
     * Publishes one attempt's finished audio and its timeline, the timeline first so that stored
     * audio always has one. On failure nothing of the attempt stays published.
     *
     * @return the audio's stored name
     */
    public String publish(UUID jobId, int attempt) throws IOException {
        String audio = audioName(jobId, attempt);
        String timeline = timelineName(audio);
        try {
            objects.publish(finishedTimeline(jobId, attempt), timeline);
            objects.publish(finishedAudio(jobId, attempt), audio);
            return audio;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(timeline);
            throw e;
        }
    }

    /** What a kept segment holds: a stretch of the job's audio file, or of its timeline. */
    public enum SegmentPart {
        AUDIO("audio"), TIMELINE("timeline");

        private final String suffix;

        SegmentPart(String suffix) {
            this.suffix = suffix;
        }
    }

    /**
     * The stored name of one kept segment of a job: {@code <job id>-<attempt>.seg<index>.<part>}.
     * The attempt that wrote it is in the name, so a stale attempt never writes over a segment
     * the current one keeps.
     */
    public static String segmentName(UUID jobId, int attempt, int index, SegmentPart part) {
        return jobId + "-" + attempt + SEGMENT_MARK + index + "." + part.suffix;
    }

    /** Whether a stored name is a kept segment's, which belongs to its job while the job may still run. */
    public static boolean isSegment(String name) {
        return name.contains(SEGMENT_MARK);
    }

    /** Where a segment is copied on this node's disk before it is kept. */
    public Path segmentTemp(UUID jobId, int attempt, int index, SegmentPart part) {
        return tempDir.resolve(segmentName(jobId, attempt, index, part));
    }

    /** Keeps a complete segment file in the store, where any node can continue the job from it. */
    public void keepSegment(Path file, String name) throws IOException {
        objects.publish(file, name);
    }

    /** Reads a kept segment; nothing when it is gone. */
    public Optional<InputStream> readSegment(String name) throws IOException {
        return objects.read(name);
    }

    /** Deletes kept segments once their job has ended. */
    public void deleteSegments(List<String> names) {
        names.forEach(this::deleteQuietly);
    }

    /** The job a stored or temporary file belongs to, from its name; empty for other files. */
    public static Optional<UUID> jobOf(String name) {
        if (name.length() < 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(name.substring(0, 36)));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /**
     * The attempt a stored or temporary file belongs to, {@code "<job id>-<attempt>"}: its name up to
     * the first dot.
     */
    public static String attemptOf(String fileName) {
        int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    /**
     * Opens a job's stored audio once for one download.
     *
     * @return nothing when it is gone (deleted or expired)
     * @throws IOException when it is there but cannot be read; {@link StoreUnavailableException}
     *                     when the store cannot be reached
     */
    public Optional<StoredAudio> open(String audioName) throws IOException {
        return objects.open(audioName);
    }

    /** Reads the timeline stored with a job's audio; nothing when there is none. */
    public Optional<InputStream> readTimeline(String audioName) throws IOException {
        return objects.read(timelineName(audioName));
    }

    public boolean exists(String name) throws IOException {
        return objects.exists(name);
    }

    /** Deletes a job's audio and its timeline if present; returns the audio's bytes freed. */
    public long delete(String audioName) {
        if (audioName == null) {
            return 0;
        }
        try {
            objects.delete(timelineName(audioName));
            return objects.delete(audioName);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot delete audio " + audioName + ": " + e.getMessage());
            return 0;
        }
    }

    private void deleteQuietly(String name) {
        try {
            objects.delete(name);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot delete " + name + ": " + e.getMessage());
        }
    }

    /** Stored files (audio and timelines) last written before {@code before}, for the orphan sweep. */
    public List<String> storedBefore(Instant before) throws IOException {
        return objects.namesWrittenBefore(before);
    }

    /** Deletes one stored file, audio or timeline, found by the orphan sweep; false when that failed. */
    public boolean deleteStored(String name) {
        try {
            objects.delete(name);
            return true;
        } catch (IOException e) {
            LOG.warning(() -> "Cannot delete " + name + ": " + e.getMessage());
            return false;
        }
    }

    /** Bytes of finished audio in the store (timelines and running jobs' files not included). */
    public long bytesStored() {
        try {
            return objects.bytesStored(AUDIO_SUFFIX);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot measure the stored audio: " + e.getMessage());
            return 0;
        }
    }

    /** Free bytes where running jobs write their audio. */
    public long usableSpace() {
        try {
            return Files.getFileStore(tempDir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /** This node's folder of files being written; the local store keeps published audio in its parent. */
    public Path tempDirectory() {
        return tempDir;
    }

    /**
     * Whether new audio can be written and published now: this node's disk has room and the store
     * answers. Asked at most every {@link #HEALTH_TTL}; readiness shows the readings.
     */
    public StoreHealth health() {
        CachedHealth cached = lastHealth;
        Instant now = Instant.now();
        if (cached != null && cached.at().plus(HEALTH_TTL).isAfter(now)) {
            return cached.health();
        }
        StoreHealth store = objects.health();
        long free = usableSpace();
        boolean writable = Files.isDirectory(tempDir) && Files.isWritable(tempDir);
        Map<String, Object> data = new LinkedHashMap<>(store.data());
        data.put("writable", writable && Boolean.TRUE.equals(store.data().getOrDefault("writable", true)));
        data.put("freeBytes", free);
        data.put("minFreeBytes", minFreeBytes);
        StoreHealth health = new StoreHealth(store.up() && writable && free >= minFreeBytes, Map.copyOf(data));
        lastHealth = new CachedHealth(health, now);
        return health;
    }
}
